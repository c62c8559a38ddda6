/**
 * Binary classification metrics. Labels are 0/1 with 1 as the positive class.
 * Ratios with an empty denominator (e.g. precision with no positive
 * predictions) are reported as 0, as scikit-learn does by default.
 */

export interface ConfusionMatrix {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
}

export interface ClassificationMetrics {
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Present when scores were given. */
  readonly rocAuc?: number;
  readonly confusionMatrix: ConfusionMatrix;
}

export function confusionMatrix(yTrue: readonly number[], yPred: readonly number[]): ConfusionMatrix {
  checkLabels(yTrue, "yTrue");
  checkLabels(yPred, "yPred");
  checkSameLength(yTrue, yPred);
  let truePositives = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  let falseNegatives = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const actual = yTrue[i];
    const predicted = yPred[i];
    if (predicted === 1) {
      if (actual === 1) truePositives++;
      else falsePositives++;
    } else if (actual === 1) falseNegatives++;
    else trueNegatives++;
  }
  return { truePositives, falsePositives, trueNegatives, falseNegatives };
}

export function accuracy(yTrue: readonly number[], yPred: readonly number[]): number {
  const cm = confusionMatrix(yTrue, yPred);
  return ratio(cm.truePositives + cm.trueNegatives, yTrue.length);
}

export function precision(yTrue: readonly number[], yPred: readonly number[]): number {
  const cm = confusionMatrix(yTrue, yPred);
  return ratio(cm.truePositives, cm.truePositives + cm.falsePositives);
}

export function recall(yTrue: readonly number[], yPred: readonly number[]): number {
  const cm = confusionMatrix(yTrue, yPred);
  return ratio(cm.truePositives, cm.truePositives + cm.falseNegatives);
}

export function f1(yTrue: readonly number[], yPred: readonly number[]): number {
  const cm = confusionMatrix(yTrue, yPred);
  // 2PR/(P+R) simplifies to 2TP / (2TP + FP + FN).
  return ratio(2 * cm.truePositives, 2 * cm.truePositives + cm.falsePositives + cm.falseNegatives);
}

/**
 * Area under the ROC curve: the probability that a random positive is scored
 * above a random negative (ties count half). Computed from average ranks
 * (Mann-Whitney U) in O(n log n). Throws unless both classes are present.
 */
export function rocAuc(yTrue: readonly number[], scores: readonly number[]): number {
  checkLabels(yTrue, "yTrue");
  checkSameLength(yTrue, scores);
  for (const [i, s] of scores.entries()) {
    if (!Number.isFinite(s)) throw new Error(`scores[${i}] is not a finite number: ${s}`);
  }
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let positiveRankSum = 0;
  let k = 0;
  while (k < order.length) {
    // Group tied scores and give each the average of their 1-based ranks.
    let end = k;
    const score = scores[order[k] as number] as number;
    while (end + 1 < order.length && scores[order[end + 1] as number] === score) end++;
    const averageRank = (k + 1 + end + 1) / 2;
    for (let m = k; m <= end; m++) {
      if (yTrue[order[m] as number] === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    k = end + 1;
  }
  const negatives = yTrue.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new Error("rocAuc needs at least one positive and one negative example");
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** All metrics at once, as plain JSON suitable for logging as a pipeline artifact. */
export function classificationMetrics(
  yTrue: readonly number[],
  yPred: readonly number[],
  scores?: readonly number[],
): ClassificationMetrics {
  const cm = confusionMatrix(yTrue, yPred);
  const base = {
    accuracy: accuracy(yTrue, yPred),
    precision: precision(yTrue, yPred),
    recall: recall(yTrue, yPred),
    f1: f1(yTrue, yPred),
    confusionMatrix: cm,
  };
  return scores === undefined ? base : { ...base, rocAuc: rocAuc(yTrue, scores) };
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function checkSameLength(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} labels vs ${b.length} predictions`);
  if (a.length === 0) throw new Error("metrics need at least one example");
}

function checkLabels(values: readonly number[], name: string): void {
  for (const [i, v] of values.entries()) {
    if (v !== 0 && v !== 1) throw new Error(`${name}[${i}] must be 0 or 1, got ${v}`);
  }
}
