/**
 * The quickstart's dependency-free ML toolkit. Each model module exports
 * `train*`, `predict` and `predictProba`, so they are re-exported as
 * namespaces: `logisticRegression.predict(...)`, `decisionTree.predict(...)`.
 */

export * from "./csv.js";
export * from "./dataset.js";
export * from "./features.js";
export * from "./metrics.js";
export * from "./random.js";
export * from "./split.js";
export * as logisticRegression from "./logistic-regression.js";
export * as decisionTree from "./decision-tree.js";
export type { LogisticRegressionModel, LogisticRegressionParams } from "./logistic-regression.js";
export type { DecisionTreeModel, DecisionTreeParams, TreeNode } from "./decision-tree.js";
