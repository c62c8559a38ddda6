import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

import { generateChurnCsv } from "../scripts/generate-dataset.js";
import { CsvParseError, parseCsv, type Row } from "../src/ml/csv.js";
import { CHURN_LABEL, loadChurnDataset } from "../src/ml/dataset.js";
import * as decisionTree from "../src/ml/decision-tree.js";
import { fitPreprocessor, transform, transformFeatures } from "../src/ml/features.js";
import * as logisticRegression from "../src/ml/logistic-regression.js";
import {
  accuracy,
  classificationMetrics,
  confusionMatrix,
  f1,
  precision,
  recall,
  rocAuc,
} from "../src/ml/metrics.js";
import { mulberry32 } from "../src/ml/random.js";
import { shuffle, stratifiedSplit } from "../src/ml/split.js";

const DATA_PATH = fileURLToPath(new URL("../data/customer-churn.csv", import.meta.url));

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`non-Error thrown: ${String(error)}`);
  }
  throw new Error("expected the function to throw");
}

describe("csv", () => {
  it("parses a header and typed rows, inferring column kinds", () => {
    const table = parseCsv("id,name,score\n1,ann,2.5\n2,bob,-1e2\n");
    expect(table.columns).toEqual(["id", "name", "score"]);
    expect(table.kinds).toEqual({ id: "numeric", name: "categorical", score: "numeric" });
    expect(table.rows).toEqual([
      { id: 1, name: "ann", score: 2.5 },
      { id: 2, name: "bob", score: -100 },
    ]);
  });

  it("handles CRLF, blank lines, quotes and escaped quotes", () => {
    const table = parseCsv('a,b\r\n"x, y",1\r\n\r\n"say ""hi""",2\r\n');
    expect(table.rows).toEqual([
      { a: "x, y", b: 1 },
      { a: 'say "hi"', b: 2 },
    ]);
  });

  it("keeps a column categorical when any value is not a plain number", () => {
    const table = parseCsv("code\n10\n0x1f\n");
    expect(table.kinds.code).toBe("categorical");
    expect(table.rows[0]).toEqual({ code: "10" });
  });

  it("names the line of a row with the wrong number of fields (blank lines still count)", () => {
    const error = catchError(() => parseCsv("a,b\n1,2\n\n3\n4,5\n"));
    expect(error).toBeInstanceOf(CsvParseError);
    expect((error as CsvParseError).line).toBe(4);
    expect(error.message).toBe("CSV line 4: expected 2 fields but found 1");
  });

  it("names the line and column of a non-numeric value in a numeric schema column", () => {
    const text = "age,city\n31,Paris\nthirty,Lyon\n";
    expect(() => parseCsv(text, { schema: { age: "numeric" }, source: "people.csv" })).toThrow(
      'people.csv line 3: column "age" expects a number, got "thirty"',
    );
  });

  it("reports unterminated quotes, empty values and bad headers with their line", () => {
    expect(() => parseCsv('a,b\n1,2\n"open,3\n')).toThrow(/^CSV line 3: unterminated quoted field/);
    expect(() => parseCsv("a,b\n1,\n")).toThrow('CSV line 2: empty value in column "b"');
    expect(() => parseCsv("a,a\n1,2\n")).toThrow('CSV line 1: duplicate column name "a"');
    expect(() => parseCsv("")).toThrow("CSV line 1: missing header row");
    expect(() => parseCsv("a,b\n")).toThrow("CSV line 2: header found but no data rows");
    expect(() => parseCsv("a\n1\n", { schema: { b: "numeric" } })).toThrow(/line 1: schema column "b"/);
  });
});

describe("random + split", () => {
  it("mulberry32 is deterministic per seed and uniform-ish in [0, 1)", () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const c = mulberry32(124);
    const seqA = Array.from({ length: 5000 }, () => a());
    const seqB = Array.from({ length: 5000 }, () => b());
    const seqC = Array.from({ length: 5000 }, () => c());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = seqA.reduce((s, x) => s + x, 0) / seqA.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(() => mulberry32(1.5)).toThrow(/integer/);
  });

  it("shuffle returns a permutation without touching the input", () => {
    const input = Array.from({ length: 50 }, (_, i) => i);
    const out = shuffle(input, mulberry32(1));
    expect(input).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(out).not.toEqual(input);
    expect([...out].sort((x, y) => x - y)).toEqual(input);
  });

  const items = Array.from({ length: 1000 }, (_, id) => ({ id, label: id % 10 < 3 ? 1 : 0 }));

  it("is stratified: each class keeps its share in train and test", () => {
    const { train, test } = stratifiedSplit(items, (item) => item.label, { testFraction: 0.2, seed: 7 });
    expect(test).toHaveLength(200);
    expect(train).toHaveLength(800);
    expect(test.filter((item) => item.label === 1)).toHaveLength(60);
    expect(train.filter((item) => item.label === 1)).toHaveLength(240);
    const ids = new Set([...train, ...test].map((item) => item.id));
    expect(ids.size).toBe(1000); // disjoint and complete
    // Classes are interleaved, not grouped.
    expect(test.slice(0, 60).every((item) => item.label === 1)).toBe(false);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    const options = { testFraction: 0.25, seed: 99 };
    const first = stratifiedSplit(items, (item) => item.label, options);
    const second = stratifiedSplit(items, (item) => item.label, options);
    const other = stratifiedSplit(items, (item) => item.label, { ...options, seed: 100 });
    expect(second).toEqual(first);
    expect(other.test.map((item) => item.id)).not.toEqual(first.test.map((item) => item.id));
  });

  it("rejects a testFraction outside (0, 1)", () => {
    expect(() => stratifiedSplit(items, (item) => item.label, { testFraction: 1, seed: 1 })).toThrow(/testFraction/);
    expect(() => stratifiedSplit(items, (item) => item.label, { testFraction: 0, seed: 1 })).toThrow(/testFraction/);
  });
});

describe("features", () => {
  const train: Row[] = [
    { size: 1, color: "red", y: 0 },
    { size: 2, color: "blue", y: 1 },
    { size: 3, color: "red", y: 0 },
    { size: 4, color: "green", y: 1 },
  ];
  const test: Row[] = [
    { size: 10, color: "blue", y: 1 },
    { size: 20, color: "purple", y: 0 },
  ];

  it("standardizes with statistics from the training rows only", () => {
    const pre = fitPreprocessor(train, { label: "y" });
    const std = Math.sqrt(1.25); // population std of 1, 2, 3, 4
    expect(pre.numeric).toEqual([{ name: "size", mean: 2.5, std }]);

    const { X } = transform(pre, test);
    expect(X[0]?.[0]).toBeCloseTo((10 - 2.5) / std, 12);
    expect(X[1]?.[0]).toBeCloseTo((20 - 2.5) / std, 12);

    const trainSizes = transform(pre, train).X.map((row) => row[0] ?? Number.NaN);
    const mean = trainSizes.reduce((s, v) => s + v, 0) / trainSizes.length;
    const variance = trainSizes.reduce((s, v) => s + (v - mean) ** 2, 0) / trainSizes.length;
    expect(mean).toBeCloseTo(0, 12);
    expect(variance).toBeCloseTo(1, 12);
  });

  it("one-hot encodes sorted categories; unseen categories encode as zeros", () => {
    const pre = fitPreprocessor(train, { label: "y" });
    expect(pre.featureNames).toEqual(["size", "color=blue", "color=green", "color=red"]);
    const { X, y } = transform(pre, test);
    expect(X[0]?.slice(1)).toEqual([1, 0, 0]);
    expect(X[1]?.slice(1)).toEqual([0, 0, 0]);
    expect(y).toEqual([1, 0]);
  });

  it("is plain JSON that round-trips to an identical transform", () => {
    const pre = fitPreprocessor(train, { label: "y" });
    const restored: unknown = JSON.parse(JSON.stringify(pre));
    expect(restored).toEqual(pre);
    expect(transformFeatures(restored as typeof pre, test)).toEqual(transformFeatures(pre, test));
  });

  it("supports excluded columns, constant columns and rejects bad labels", () => {
    const rows: Row[] = [
      { id: "a", k: 5, y: 0 },
      { id: "b", k: 5, y: 1 },
    ];
    const pre = fitPreprocessor(rows, { label: "y", exclude: ["id"] });
    expect(pre.featureNames).toEqual(["k"]);
    expect(pre.numeric[0]?.std).toBe(1);
    expect(() => fitPreprocessor([{ k: 1, y: 2 }], { label: "y" })).toThrow(/label "y" must be 0 or 1/);
    expect(() => fitPreprocessor(rows, { label: "target" })).toThrow(/label column "target" not found/);
    expect(() => transform(pre, [{ id: "c", y: 0 }])).toThrow(/missing column "k"/);
  });
});

/** Two Gaussian blobs, far apart: linearly separable. */
function blobs(n: number, seed: number): { X: number[][]; y: number[] } {
  const rng = mulberry32(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const center = label === 1 ? 2 : -2;
    X.push([center + (rng() - 0.5) * 2, center + (rng() - 0.5) * 2]);
    y.push(label);
  }
  return { X, y };
}

/** XOR: the label is 1 when exactly one coordinate is positive. */
function xor(n: number, seed: number): { X: number[][]; y: number[] } {
  const rng = mulberry32(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng() * 2 - 1;
    const b = rng() * 2 - 1;
    X.push([a, b]);
    y.push(a > 0 !== b > 0 ? 1 : 0);
  }
  return { X, y };
}

describe("logistic regression", () => {
  it("learns a linearly separable toy set perfectly", () => {
    const train = blobs(200, 1);
    const test = blobs(200, 2);
    const model = logisticRegression.trainLogisticRegression(train.X, train.y);
    expect(accuracy(train.y, logisticRegression.predict(model, train.X))).toBe(1);
    expect(accuracy(test.y, logisticRegression.predict(model, test.X))).toBe(1);
    const [pNeg, pPos] = logisticRegression.predictProba(model, [[-3, -3], [3, 3]]);
    expect(pNeg).toBeLessThan(0.05);
    expect(pPos).toBeGreaterThan(0.95);
  });

  it("reduces log loss as it trains and shrinks weights with L2", () => {
    const { X, y } = blobs(200, 3);
    const few = logisticRegression.trainLogisticRegression(X, y, { epochs: 5 });
    const many = logisticRegression.trainLogisticRegression(X, y, { epochs: 500 });
    expect(logisticRegression.logLoss(many, X, y)).toBeLessThan(logisticRegression.logLoss(few, X, y));
    const norm = (w: readonly number[]): number => Math.hypot(...w);
    const free = logisticRegression.trainLogisticRegression(X, y, { l2: 0 });
    const penalized = logisticRegression.trainLogisticRegression(X, y, { l2: 1 });
    expect(norm(penalized.weights)).toBeLessThan(norm(free.weights) * 0.5);
  });

  it("produces a plain JSON model and validates its inputs", () => {
    const { X, y } = blobs(50, 4);
    const model = logisticRegression.trainLogisticRegression(X, y);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
    expect(Object.keys(model).sort()).toEqual(["bias", "kind", "weights"]);
    expect(() => logisticRegression.predict(model, [[1, 2, 3]])).toThrow(/expects 2/);
    expect(() => logisticRegression.trainLogisticRegression([[1]], [2])).toThrow(/0 or 1/);
    expect(() => logisticRegression.trainLogisticRegression([[1], [2]], [0])).toThrow(/2 rows but y has 1/);
  });
});

describe("decision tree", () => {
  it("fits XOR, which a linear model cannot", () => {
    const train = xor(400, 5);
    const test = xor(400, 6);
    const tree = decisionTree.trainDecisionTree(train.X, train.y, { maxDepth: 6, minSamplesSplit: 2 });
    expect(accuracy(test.y, decisionTree.predict(tree, test.X))).toBeGreaterThan(0.9);
    const linear = logisticRegression.trainLogisticRegression(train.X, train.y);
    expect(accuracy(test.y, logisticRegression.predict(linear, test.X))).toBeLessThan(0.7);
  });

  it("splits at the midpoint between distinct values", () => {
    const tree = decisionTree.trainDecisionTree([[1], [2], [3], [4]], [0, 0, 1, 1], { minSamplesSplit: 2 });
    expect(tree.root).toEqual({
      kind: "split",
      feature: 0,
      threshold: 2.5,
      samples: 4,
      left: { kind: "leaf", probability: 0, samples: 2 },
      right: { kind: "leaf", probability: 1, samples: 2 },
    });
    // x <= threshold goes left.
    expect(decisionTree.predict(tree, [[2.5], [2.5000001], [-10], [10]])).toEqual([0, 1, 0, 1]);
  });

  it("respects maxDepth and minSamplesSplit", () => {
    const { X, y } = xor(300, 7);
    for (const maxDepth of [0, 1, 3]) {
      const tree = decisionTree.trainDecisionTree(X, y, { maxDepth, minSamplesSplit: 2 });
      expect(decisionTree.treeDepth(tree.root)).toBeLessThanOrEqual(maxDepth);
    }
    const stump = decisionTree.trainDecisionTree(X, y, { maxDepth: 0 });
    expect(stump.root).toEqual({ kind: "leaf", probability: y.filter((v) => v === 1).length / y.length, samples: 300 });
    const small = decisionTree.trainDecisionTree(X, y, { minSamplesSplit: 301 });
    expect(small.root.kind).toBe("leaf");
    const pure = decisionTree.trainDecisionTree([[1], [2], [3]], [1, 1, 1], { minSamplesSplit: 2 });
    expect(pure.root).toEqual({ kind: "leaf", probability: 1, samples: 3 });
  });

  it("produces a plain JSON model that predicts identically after a round trip", () => {
    const { X, y } = xor(200, 8);
    const tree = decisionTree.trainDecisionTree(X, y);
    const restored = JSON.parse(JSON.stringify(tree)) as decisionTree.DecisionTreeModel;
    expect(restored).toEqual(tree);
    expect(decisionTree.predictProba(restored, X)).toEqual(decisionTree.predictProba(tree, X));
    expect(() => decisionTree.trainDecisionTree(X, y, { minSamplesSplit: 1 })).toThrow(/minSamplesSplit/);
  });
});

describe("metrics", () => {
  // TP = 3, FN = 1, FP = 2, TN = 4
  const yTrue = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
  const yPred = [1, 1, 1, 0, 1, 1, 0, 0, 0, 0];

  it("match hand-computed values", () => {
    expect(confusionMatrix(yTrue, yPred)).toEqual({
      truePositives: 3,
      falsePositives: 2,
      trueNegatives: 4,
      falseNegatives: 1,
    });
    expect(accuracy(yTrue, yPred)).toBeCloseTo(0.7, 12);
    expect(precision(yTrue, yPred)).toBeCloseTo(0.6, 12);
    expect(recall(yTrue, yPred)).toBeCloseTo(0.75, 12);
    expect(f1(yTrue, yPred)).toBeCloseTo(2 / 3, 12); // 2 * 0.6 * 0.75 / 1.35
  });

  it("report 0 for precision/recall/f1 with an empty denominator", () => {
    expect(precision([1, 0], [0, 0])).toBe(0);
    expect(recall([0, 0], [1, 0])).toBe(0);
    expect(f1([0, 0], [0, 0])).toBe(0);
  });

  it("computes ROC AUC, counting ties as half", () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBeCloseTo(0.875, 12);
    expect(rocAuc([0, 0, 1], [0.1, 0.2, 0.3])).toBe(1);
    expect(rocAuc([1, 1, 0], [0.1, 0.2, 0.3])).toBe(0);
    expect(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(/positive and one negative/);
  });

  it("validate their inputs", () => {
    expect(() => accuracy([1, 0], [1])).toThrow(/length mismatch/);
    expect(() => accuracy([1, 2], [1, 0])).toThrow(/yTrue\[1\] must be 0 or 1/);
    expect(() => accuracy([], [])).toThrow(/at least one/);
  });
});

describe("shipped customer-churn dataset", () => {
  it("is exactly what scripts/generate-dataset.ts produces", () => {
    expect(readFileSync(DATA_PATH, "utf8")).toBe(generateChurnCsv());
  });

  it("has the documented shape", async () => {
    const table = await loadChurnDataset(DATA_PATH);
    expect(table.rows).toHaveLength(4000);
    expect(table.columns).toHaveLength(12);
    const churnRate = table.rows.filter((row) => row[CHURN_LABEL] === 1).length / table.rows.length;
    expect(churnRate).toBeGreaterThan(0.3);
    expect(churnRate).toBeLessThan(0.4);
  });

  async function runPipeline(seed: number) {
    const table = await loadChurnDataset(DATA_PATH);
    const { train, test } = stratifiedSplit(table.rows, (row) => row[CHURN_LABEL] ?? "", {
      testFraction: 0.2,
      seed,
    });
    const pre = fitPreprocessor(train, { label: CHURN_LABEL });
    const trainData = transform(pre, train);
    const testData = transform(pre, test);
    const lrModel = logisticRegression.trainLogisticRegression(trainData.X, trainData.y);
    const treeModel = decisionTree.trainDecisionTree(trainData.X, trainData.y);
    const lrPred = logisticRegression.predict(lrModel, testData.X);
    const treePred = decisionTree.predict(treeModel, testData.X);
    return {
      pre,
      lrModel,
      treeModel,
      lrPred,
      treePred,
      yTest: testData.y,
      lr: classificationMetrics(testData.y, lrPred, logisticRegression.predictProba(lrModel, testData.X)),
      tree: classificationMetrics(testData.y, treePred, decisionTree.predictProba(treeModel, testData.X)),
    };
  }

  it("both models clearly beat the majority-class baseline", async () => {
    const run = await runPipeline(42);
    const positives = run.yTest.filter((v) => v === 1).length;
    const baseline = Math.max(positives, run.yTest.length - positives) / run.yTest.length;
    expect(run.pre.featureNames).toHaveLength(16); // 9 numeric + 3 contract + 4 payment levels
    for (const metrics of [run.lr, run.tree]) {
      expect(metrics.accuracy).toBeGreaterThan(0.7);
      expect(metrics.accuracy).toBeGreaterThan(baseline + 0.08);
      expect(metrics.accuracy).toBeLessThan(0.95); // noisy labels: near-perfect would mean a leak
      expect(metrics.rocAuc).toBeGreaterThan(0.8);
    }
    // The two models genuinely disagree on some customers.
    expect(run.lrPred).not.toEqual(run.treePred);
  });

  it("is deterministic for a seed", async () => {
    const a = await runPipeline(42);
    const b = await runPipeline(42);
    const c = await runPipeline(43);
    expect(JSON.stringify(b.lrModel)).toBe(JSON.stringify(a.lrModel));
    expect(JSON.stringify(b.treeModel)).toBe(JSON.stringify(a.treeModel));
    expect(b.lr).toEqual(a.lr);
    expect(b.tree).toEqual(a.tree);
    expect(JSON.stringify(c.lrModel)).not.toBe(JSON.stringify(a.lrModel));
  });
});
