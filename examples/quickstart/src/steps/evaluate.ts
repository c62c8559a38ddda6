import { step } from "@koan/core";
import { classificationMetrics, decisionTree, logisticRegression, transform } from "../ml/index.js";
import type { ClassificationMetrics, Preprocessor, Row } from "../ml/index.js";
import type { ChurnModel } from "./train.js";

export interface Evaluation {
  readonly model: ChurnModel["kind"];
  readonly metrics: ClassificationMetrics;
}

/** Scores a model on the held-out rows. Used twice, once per model. */
export const evaluateModel = step(
  { name: "evaluate" },
  ({ model, test, preprocessor }: { model: ChurnModel; test: Row[]; preprocessor: Preprocessor }, _params, ctx): Evaluation => {
    const { X, y } = transform(preprocessor, test);
    const scores = model.kind === "logistic-regression" ? logisticRegression.predictProba(model, X) : decisionTree.predictProba(model, X);
    const predictions = scores.map((p) => (p >= 0.5 ? 1 : 0));
    const metrics = classificationMetrics(y, predictions, scores);
    ctx.addOutputMetadata({ accuracy: metrics.accuracy, f1: metrics.f1, rocAuc: metrics.rocAuc ?? null });
    return { model: model.kind, metrics };
  },
);
