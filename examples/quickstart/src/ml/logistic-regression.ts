/**
 * Binary logistic regression trained with full-batch gradient descent and an
 * L2 penalty on the weights (not on the bias). Expects standardized features.
 *
 * Training starts from all-zero weights, so it is fully deterministic.
 */

import { checkTrainingData } from "./validate.js";

export interface LogisticRegressionParams {
  readonly learningRate: number;
  readonly epochs: number;
  /** L2 regularization strength (lambda); 0 disables it. */
  readonly l2: number;
}

export const DEFAULT_LOGISTIC_REGRESSION_PARAMS: LogisticRegressionParams = {
  learningRate: 0.1,
  epochs: 300,
  l2: 0.001,
};

/** Plain JSON: safe to store as an artifact and load with `JSON.parse`. */
export interface LogisticRegressionModel {
  readonly kind: "logistic-regression";
  readonly weights: readonly number[];
  readonly bias: number;
}

export function trainLogisticRegression(
  X: readonly (readonly number[])[],
  y: readonly number[],
  params: Partial<LogisticRegressionParams> = {},
): LogisticRegressionModel {
  const { learningRate, epochs, l2 } = { ...DEFAULT_LOGISTIC_REGRESSION_PARAMS, ...params };
  const d = checkTrainingData(X, y);
  if (!(learningRate > 0)) throw new Error(`learningRate must be > 0, got ${learningRate}`);
  if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`epochs must be a non-negative integer, got ${epochs}`);
  if (!(l2 >= 0)) throw new Error(`l2 must be >= 0, got ${l2}`);

  const n = X.length;
  const weights = new Array<number>(d).fill(0);
  let bias = 0;
  const gradient = new Array<number>(d);

  for (let epoch = 0; epoch < epochs; epoch++) {
    gradient.fill(0);
    let biasGradient = 0;
    for (let i = 0; i < n; i++) {
      const row = X[i] as readonly number[];
      const error = sigmoid(dot(weights, row) + bias) - (y[i] as number);
      for (let j = 0; j < d; j++) gradient[j] = (gradient[j] as number) + error * (row[j] as number);
      biasGradient += error;
    }
    for (let j = 0; j < d; j++) {
      const w = weights[j] as number;
      weights[j] = w - learningRate * ((gradient[j] as number) / n + l2 * w);
    }
    bias -= (learningRate * biasGradient) / n;
  }
  return { kind: "logistic-regression", weights, bias };
}

/** Probability of class 1 for each row. */
export function predictProba(
  model: LogisticRegressionModel,
  X: readonly (readonly number[])[],
): number[] {
  return X.map((row, i) => {
    if (row.length !== model.weights.length) {
      throw new Error(`row ${i} has ${row.length} features, model expects ${model.weights.length}`);
    }
    return sigmoid(dot(model.weights, row) + model.bias);
  });
}

/** Hard 0/1 predictions: 1 when the probability is >= threshold. */
export function predict(
  model: LogisticRegressionModel,
  X: readonly (readonly number[])[],
  threshold = 0.5,
): number[] {
  return predictProba(model, X).map((p) => (p >= threshold ? 1 : 0));
}

/** Mean binary cross-entropy (without the L2 term); handy as a logged metric. */
export function logLoss(
  model: LogisticRegressionModel,
  X: readonly (readonly number[])[],
  y: readonly number[],
): number {
  const eps = 1e-15;
  const p = predictProba(model, X);
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = Math.min(1 - eps, Math.max(eps, p[i] as number));
    total -= (y[i] as number) === 1 ? Math.log(pi) : Math.log(1 - pi);
  }
  return total / p.length;
}

function sigmoid(z: number): number {
  // Written two ways to avoid overflow of Math.exp for large |z|.
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] as number) * (b[j] as number);
  return s;
}
