/**
 * CART decision tree for binary classification, splitting on Gini impurity.
 *
 * At each node every feature is sorted once and all thresholds (midpoints
 * between consecutive distinct values) are scored in a single sweep, so a
 * node costs O(features * n log n). Ties are broken by the lowest feature
 * index, then the lowest threshold, so training is deterministic.
 *
 * Rows with `x[feature] <= threshold` go left. Leaves store the fraction of
 * class-1 training rows that reached them, which doubles as a probability
 * score (useful for ROC AUC).
 */

import { checkTrainingData } from "./validate.js";

export interface DecisionTreeParams {
  /** Maximum depth; a depth-0 tree is a single leaf. */
  readonly maxDepth: number;
  /** A node with fewer rows than this becomes a leaf. */
  readonly minSamplesSplit: number;
}

export const DEFAULT_DECISION_TREE_PARAMS: DecisionTreeParams = {
  maxDepth: 6,
  minSamplesSplit: 20,
};

export interface LeafNode {
  readonly kind: "leaf";
  /** Share of class 1 among the training rows in this leaf. */
  readonly probability: number;
  readonly samples: number;
}

export interface SplitNode {
  readonly kind: "split";
  readonly feature: number;
  readonly threshold: number;
  readonly samples: number;
  readonly left: TreeNode;
  readonly right: TreeNode;
}

export type TreeNode = LeafNode | SplitNode;

/** Plain JSON: safe to store as an artifact and load with `JSON.parse`. */
export interface DecisionTreeModel {
  readonly kind: "decision-tree";
  readonly numFeatures: number;
  readonly root: TreeNode;
}

export function trainDecisionTree(
  X: readonly (readonly number[])[],
  y: readonly number[],
  params: Partial<DecisionTreeParams> = {},
): DecisionTreeModel {
  const { maxDepth, minSamplesSplit } = { ...DEFAULT_DECISION_TREE_PARAMS, ...params };
  const d = checkTrainingData(X, y);
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new Error(`maxDepth must be a non-negative integer, got ${maxDepth}`);
  if (!Number.isInteger(minSamplesSplit) || minSamplesSplit < 2) {
    throw new Error(`minSamplesSplit must be an integer >= 2, got ${minSamplesSplit}`);
  }

  // Column-major copies make the inner loops cache-friendly and index-safe.
  const n = X.length;
  const columns: Float64Array[] = [];
  for (let j = 0; j < d; j++) columns.push(Float64Array.from(X, (row) => row[j] as number));
  const labels = Uint8Array.from(y);

  const build = (indices: Uint32Array, depth: number): TreeNode => {
    const samples = indices.length;
    let positives = 0;
    for (const i of indices) positives += labels[i] as number;
    const leaf: LeafNode = { kind: "leaf", probability: positives / samples, samples };
    if (depth >= maxDepth || samples < minSamplesSplit || positives === 0 || positives === samples) {
      return leaf;
    }

    // Weighted Gini * samples; for two classes gini = 2 p (1 - p).
    const parentImpurity = (2 * positives * (samples - positives)) / samples;
    let bestImpurity = parentImpurity - 1e-9;
    let bestFeature = -1;
    let bestThreshold = 0;

    const order = new Uint32Array(samples);
    for (let f = 0; f < d; f++) {
      const column = columns[f] as Float64Array;
      order.set(indices);
      order.sort((a, b) => (column[a] as number) - (column[b] as number));
      let leftCount = 0;
      let leftPositives = 0;
      for (let k = 0; k < samples - 1; k++) {
        const i = order[k] as number;
        leftCount++;
        leftPositives += labels[i] as number;
        const value = column[i] as number;
        const nextValue = column[order[k + 1] as number] as number;
        if (value === nextValue) continue;
        const rightCount = samples - leftCount;
        const rightPositives = positives - leftPositives;
        const impurity =
          (2 * leftPositives * (leftCount - leftPositives)) / leftCount +
          (2 * rightPositives * (rightCount - rightPositives)) / rightCount;
        if (impurity < bestImpurity) {
          bestImpurity = impurity;
          bestFeature = f;
          const mid = (value + nextValue) / 2;
          // Guard against the midpoint rounding up to nextValue.
          bestThreshold = mid < nextValue ? mid : value;
        }
      }
    }
    if (bestFeature < 0) return leaf;

    const column = columns[bestFeature] as Float64Array;
    const left: number[] = [];
    const right: number[] = [];
    for (const i of indices) ((column[i] as number) <= bestThreshold ? left : right).push(i);
    return {
      kind: "split",
      feature: bestFeature,
      threshold: bestThreshold,
      samples,
      left: build(Uint32Array.from(left), depth + 1),
      right: build(Uint32Array.from(right), depth + 1),
    };
  };

  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  return { kind: "decision-tree", numFeatures: d, root: build(all, 0) };
}

/** Class-1 probability for each row: the training class-1 share of its leaf. */
export function predictProba(model: DecisionTreeModel, X: readonly (readonly number[])[]): number[] {
  return X.map((row, i) => {
    if (row.length !== model.numFeatures) {
      throw new Error(`row ${i} has ${row.length} features, model expects ${model.numFeatures}`);
    }
    let node = model.root;
    while (node.kind === "split") {
      node = (row[node.feature] as number) <= node.threshold ? node.left : node.right;
    }
    return node.probability;
  });
}

/** Hard 0/1 predictions: the majority class of each row's leaf (ties -> 1). */
export function predict(
  model: DecisionTreeModel,
  X: readonly (readonly number[])[],
  threshold = 0.5,
): number[] {
  return predictProba(model, X).map((p) => (p >= threshold ? 1 : 0));
}

/** Depth of the tree (a single leaf has depth 0). */
export function treeDepth(node: TreeNode): number {
  return node.kind === "leaf" ? 0 : 1 + Math.max(treeDepth(node.left), treeDepth(node.right));
}

export function countLeaves(node: TreeNode): number {
  return node.kind === "leaf" ? 1 : countLeaves(node.left) + countLeaves(node.right);
}
