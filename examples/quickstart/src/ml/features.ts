/**
 * Feature preprocessing: rows of mixed numbers/strings -> a numeric matrix.
 *
 * - Numeric columns are standardized, (value - mean) / std, with mean and std
 *   computed on the rows passed to `fitPreprocessor` (the training split only),
 *   then reused unchanged for validation/test/serving rows.
 * - Categorical columns are one-hot encoded; categories are learned at fit
 *   time (sorted for a stable column order). A category never seen during
 *   fitting encodes as all zeros.
 *
 * A `Preprocessor` is plain JSON data, so it can be stored as a pipeline
 * artifact next to the model and loaded back with `JSON.parse`.
 */

import type { CellValue, Row } from "./csv.js";

export interface NumericColumnStats {
  readonly name: string;
  readonly mean: number;
  /** Population standard deviation; 1 for a constant column. */
  readonly std: number;
}

export interface CategoricalColumnLevels {
  readonly name: string;
  readonly categories: readonly string[];
}

export interface Preprocessor {
  readonly label: string;
  readonly numeric: readonly NumericColumnStats[];
  readonly categorical: readonly CategoricalColumnLevels[];
  /** Name of every output column, e.g. "tenure_months" or "contract=two-year". */
  readonly featureNames: readonly string[];
}

export interface FitPreprocessorOptions {
  /** The 0/1 target column. */
  readonly label: string;
  /** Columns to ignore entirely (ids, timestamps, leaky columns, ...). */
  readonly exclude?: readonly string[];
}

export interface EncodedData {
  readonly X: number[][];
  readonly y: number[];
}

/**
 * Learn standardization statistics and category levels from `rows`.
 * Column kinds follow the value types: numbers are numeric, strings categorical.
 */
export function fitPreprocessor(
  rows: readonly Row[],
  options: FitPreprocessorOptions,
): Preprocessor {
  const first = rows[0];
  if (first === undefined) throw new Error("fitPreprocessor: no rows to fit on");
  const { label } = options;
  if (!(label in first)) throw new Error(`fitPreprocessor: label column "${label}" not found`);
  const excluded = new Set([label, ...(options.exclude ?? [])]);
  const columns = Object.keys(first).filter((name) => !excluded.has(name));

  for (const [i, row] of rows.entries()) readLabel(row, label, i);

  const numeric: NumericColumnStats[] = [];
  const categorical: CategoricalColumnLevels[] = [];
  for (const name of columns) {
    if (typeof first[name] === "number") {
      const values = rows.map((row, i) => readNumber(row, name, i));
      const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
      const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
      const std = Math.sqrt(variance);
      numeric.push({ name, mean, std: std > 1e-12 ? std : 1 });
    } else {
      const levels = new Set(rows.map((row, i) => readString(row, name, i)));
      categorical.push({ name, categories: [...levels].sort() });
    }
  }

  const featureNames = [
    ...numeric.map((c) => c.name),
    ...categorical.flatMap((c) => c.categories.map((level) => `${c.name}=${level}`)),
  ];
  return { label, numeric, categorical, featureNames };
}

/** Encode rows that carry the label: features and 0/1 targets. */
export function transform(pre: Preprocessor, rows: readonly Row[]): EncodedData {
  return {
    X: transformFeatures(pre, rows),
    y: rows.map((row, i) => readLabel(row, pre.label, i)),
  };
}

/** Encode rows without needing a label (e.g. at prediction time). */
export function transformFeatures(pre: Preprocessor, rows: readonly Row[]): number[][] {
  return rows.map((row, i) => {
    const out: number[] = [];
    for (const { name, mean, std } of pre.numeric) {
      out.push((readNumber(row, name, i) - mean) / std);
    }
    for (const { name, categories } of pre.categorical) {
      const value = readString(row, name, i);
      for (const level of categories) out.push(value === level ? 1 : 0);
    }
    return out;
  });
}

function readCell(row: Row, name: string, index: number): CellValue {
  const value = row[name];
  if (value === undefined) throw new Error(`row ${index}: missing column "${name}"`);
  return value;
}

function readNumber(row: Row, name: string, index: number): number {
  const value = readCell(row, name, index);
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`row ${index}: column "${name}" should be a finite number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function readString(row: Row, name: string, index: number): string {
  const value = readCell(row, name, index);
  if (typeof value !== "string") {
    throw new Error(`row ${index}: column "${name}" should be a category string, got ${value}`);
  }
  return value;
}

function readLabel(row: Row, name: string, index: number): number {
  const value = readCell(row, name, index);
  if (value !== 0 && value !== 1) {
    throw new Error(`row ${index}: label "${name}" must be 0 or 1, got ${JSON.stringify(value)}`);
  }
  return value;
}
