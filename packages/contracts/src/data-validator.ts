import type { StackComponent } from "./component-type.js";
import type { JsonObject, JsonValue } from "./json.js";
import type { Visualization } from "./visualizer.js";

/** One column's values: a typed array for numbers, or a plain array (`null` marks a missing value). */
export type DataColumn = ArrayLike<number> | ReadonlyArray<string | number | boolean | null>;

/**
 * A table, columnar: column name -> values, every column the same length.
 * An Apache Arrow table adapts to it by mapping each column to
 * `vector.toArray()` (numeric columns become typed arrays without copying);
 * row objects adapt by transposing. `NaN` in a numeric column counts as null.
 */
export interface DataTable {
  readonly columns: Readonly<Record<string, DataColumn>>;
}

/** The inferred type of a column's non-null values; `mixed` for more than one, `empty` when all are null. */
export type ColumnKind = "number" | "string" | "boolean" | "mixed" | "empty";

/** Statistics of one column; the numeric ones only for `kind: "number"`. */
export interface ColumnProfile {
  readonly kind: ColumnKind;
  /** Values including nulls. */
  readonly count: number;
  readonly nulls: number;
  readonly distinct: number;
  readonly min?: number;
  readonly max?: number;
  readonly mean?: number;
  /** Sample standard deviation. */
  readonly std?: number;
}

/** Statistics of a whole table. */
export interface DataProfile {
  readonly rowCount: number;
  readonly columns: Readonly<Record<string, ColumnProfile>>;
  /** Reports the tool renders (an HTML profile), shown in the dashboard. */
  readonly visualizations?: readonly Visualization[];
}

/** Options for `profile`. */
export interface ProfileOptions {
  /** Profile only these columns; all when left out. */
  readonly columns?: readonly string[];
  /** Profile a random sample of this many rows; exact when left out. */
  readonly sampleSize?: number;
}

/**
 * One check on a table, as plain JSON so it can be stored with a run.
 * `mostly` is the share of non-null values that must pass (default 1).
 * `flavor` passes a tool's own check through by name (a Great Expectations
 * expectation type); other flavors throw `NotSupportedError` for it.
 */
export type Expectation =
  | { readonly kind: "column_exists"; readonly column: string }
  | { readonly kind: "column_type"; readonly column: string; readonly type: ColumnKind }
  | { readonly kind: "not_null"; readonly column: string; readonly mostly?: number }
  | { readonly kind: "unique"; readonly column: string }
  | { readonly kind: "between"; readonly column: string; readonly min?: number; readonly max?: number; readonly mostly?: number }
  | { readonly kind: "in_set"; readonly column: string; readonly values: readonly (string | number | boolean)[]; readonly mostly?: number }
  | { readonly kind: "matches"; readonly column: string; readonly pattern: string; readonly mostly?: number }
  | { readonly kind: "row_count"; readonly min?: number; readonly max?: number }
  | { readonly kind: "flavor"; readonly name: string; readonly args: JsonObject };

/** The outcome of one expectation. */
export interface CheckResult {
  readonly expectation: Expectation;
  readonly passed: boolean;
  /** What was measured: the failing share, the actual type, the row count. */
  readonly observed?: JsonValue;
  /** Values that broke the check. */
  readonly unexpectedCount?: number;
  readonly message?: string;
}

/** The outcome of `validate` or `validateModel`. */
export interface ValidationReport {
  /** True when every check passed. */
  readonly passed: boolean;
  readonly results: readonly CheckResult[];
  readonly visualizations?: readonly Visualization[];
}

/** Drift of one column between a reference and a current table. */
export interface ColumnDrift {
  /** The test used, e.g. `"ks"`, `"chi2"`, `"psi"`, `"wasserstein"`. */
  readonly method: string;
  /** The statistic (higher means more drift for distances; for tests, see `pValue`). */
  readonly score: number;
  readonly pValue?: number;
  readonly threshold: number;
  readonly drifted: boolean;
}

/** The outcome of `compare`. */
export interface DriftReport {
  /** True when the share of drifted columns passes the flavor's configured limit. */
  readonly driftDetected: boolean;
  readonly columns: Readonly<Record<string, ColumnDrift>>;
  readonly visualizations?: readonly Visualization[];
}

/** A model judged by its predictions on a labeled table (so no model object crosses the contract). */
export interface ModelValidationRequest {
  readonly task: "classification" | "regression";
  readonly data: DataTable;
  /** Column with the true labels or values. */
  readonly target: string;
  /** Column with the model's predictions. */
  readonly prediction: string;
  /** Training data, for checks that compare against it. */
  readonly reference?: DataTable;
  /** The tool's own check names or suites; its default suite when left out. */
  readonly checks?: readonly string[];
}

/**
 * Checks data quality through the ML lifecycle: profiles tables, validates
 * them against expectations, detects drift, and optionally validates models.
 */
export interface DataValidator extends StackComponent<"data_validator"> {
  readonly specVersion: 1;
  /** Computes per-column statistics. */
  profile(data: DataTable, options?: ProfileOptions): Promise<DataProfile>;
  /** Evaluates every expectation; resolves with a report even when checks fail. */
  validate(data: DataTable, expectations: readonly Expectation[]): Promise<ValidationReport>;
  /** Compares the distribution of each column shared by both tables. */
  compare(reference: DataTable, current: DataTable, options?: { readonly columns?: readonly string[] }): Promise<DriftReport>;
  /** Runs model checks; left out by flavors that only validate data. */
  validateModel?(request: ModelValidationRequest): Promise<ValidationReport>;
}
