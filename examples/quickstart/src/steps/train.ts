import { step, z } from "@koan/core";
import { decisionTree, logisticRegression, transform } from "../ml/index.js";
import type { DecisionTreeModel, LogisticRegressionModel, Preprocessor, Row } from "../ml/index.js";

/** Either model; both are plain JSON with a `kind` tag. */
export type ChurnModel = LogisticRegressionModel | DecisionTreeModel;

export const trainLogisticRegression = step(
  {
    name: "train_logistic_regression",
    params: z.object({ learningRate: z.number().positive().default(0.1), epochs: z.number().int().positive().default(300), l2: z.number().min(0).default(0.001) }),
  },
  ({ train, preprocessor }: { train: Row[]; preprocessor: Preprocessor }, params, ctx): ChurnModel => {
    const { X, y } = transform(preprocessor, train);
    const model = logisticRegression.trainLogisticRegression(X, y, params);
    ctx.logger.info(`trained on ${X.length} rows, ${preprocessor.featureNames.length} features`);
    return model;
  },
);

export const trainDecisionTree = step(
  {
    name: "train_decision_tree",
    params: z.object({ maxDepth: z.number().int().min(0).default(6), minSamplesSplit: z.number().int().min(2).default(20) }),
  },
  ({ train, preprocessor }: { train: Row[]; preprocessor: Preprocessor }, params, ctx): ChurnModel => {
    const { X, y } = transform(preprocessor, train);
    const model = decisionTree.trainDecisionTree(X, y, params);
    ctx.logger.info(`grew a tree of depth ${decisionTree.treeDepth(model.root)} with ${decisionTree.countLeaves(model.root)} leaves`);
    return model;
  },
);
