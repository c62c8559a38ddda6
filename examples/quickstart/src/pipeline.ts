import { pipeline, z } from "@koan/core";
import { evaluateModel } from "./steps/evaluate.js";
import { fitPreprocessorStep } from "./steps/fit-preprocessor.js";
import { loadData } from "./steps/load-data.js";
import { selectBest } from "./steps/select-best.js";
import { splitData } from "./steps/split-data.js";
import { trainDecisionTree, trainLogisticRegression } from "./steps/train.js";

/**
 * load -> split -> preprocess -> two models in parallel branches -> evaluate
 * each -> pick the better. Every edge is type-checked: wiring the test rows
 * into `model`, say, does not compile.
 */
export const churnTraining = pipeline(
  {
    name: "churn_training",
    params: z.object({
      dataPath: z.string(),
      dataSha256: z.string(),
      testFraction: z.number().default(0.2),
      seed: z.number().int().default(42),
      metric: z.enum(["accuracy", "f1", "rocAuc"]).default("rocAuc"),
    }),
  },
  ({ dataPath, dataSha256, testFraction, seed, metric }) => {
    const rows = loadData({}, { path: dataPath, sha256: dataSha256 });
    const { train, test } = splitData({ rows }, { testFraction, seed });
    const preprocessor = fitPreprocessorStep({ train });

    const lrModel = trainLogisticRegression({ train, preprocessor });
    const treeModel = trainDecisionTree({ train, preprocessor });

    const lr = evaluateModel({ model: lrModel, test, preprocessor }, {}, { id: "evaluate_logistic_regression" });
    const tree = evaluateModel({ model: treeModel, test, preprocessor }, {}, { id: "evaluate_decision_tree" });
    selectBest({ lr, tree, lrModel, treeModel }, { metric });
  },
);
