import { NotSupportedError } from "@koan/core";
import type {
  CheckResult,
  ColumnDrift,
  DataProfile,
  DataTable,
  DataValidator,
  DriftReport,
  Expectation,
  ProfileOptions,
  ValidationReport,
} from "@koan/core/contracts";
import { cells, kindOf, ksStatistic, profileColumn, totalVariation } from "./statistics.js";
import type { Cell } from "./statistics.js";

export interface TemplateDataValidatorOptions {
  /** A column drifts when its KS statistic (numbers) or total variation distance (categories) exceeds this. */
  readonly driftThreshold: number;
  /** Drift is detected when at least this share of the compared columns drifted. */
  readonly driftShare: number;
}

/**
 * Profiles, validates and compares tables in this process. A validator on
 * a tool (Great Expectations, Evidently, Deepchecks) converts the table to
 * the tool's format, runs it, and maps the tool's results back onto the
 * contract's reports.
 */
export class TemplateDataValidator implements DataValidator {
  readonly specVersion = 1 as const;
  readonly type = "data_validator" as const;
  readonly flavor = "template";

  constructor(readonly options: TemplateDataValidatorOptions) {}

  async profile(data: DataTable, options: ProfileOptions = {}): Promise<DataProfile> {
    const names = options.columns ?? Object.keys(data.columns);
    const rows = sampleRows(rowCount(data), options.sampleSize);
    const columns = Object.fromEntries(
      names.map((name) => {
        const values = cells(data.columns[name] ?? []);
        return [name, profileColumn(rows ? rows.map((i) => values[i] ?? null) : values)];
      }),
    );
    return { rowCount: rows ? rows.length : rowCount(data), columns };
  }

  async validate(data: DataTable, expectations: readonly Expectation[]): Promise<ValidationReport> {
    const results = expectations.map((expectation) => check(data, expectation));
    return { passed: results.every((r) => r.passed), results };
  }

  async compare(reference: DataTable, current: DataTable, options: { readonly columns?: readonly string[] } = {}): Promise<DriftReport> {
    const shared = Object.keys(reference.columns).filter((name) => name in current.columns && (options.columns?.includes(name) ?? true));
    const threshold = this.options.driftThreshold;
    const columns: Record<string, ColumnDrift> = {};
    for (const name of shared) {
      const before = cells(reference.columns[name] ?? []);
      const after = cells(current.columns[name] ?? []);
      const numeric = kindOf(before) === "number" && kindOf(after) === "number";
      const score = numeric
        ? ksStatistic(before.filter((v): v is number => v !== null), after.filter((v): v is number => v !== null))
        : totalVariation(before, after);
      columns[name] = { method: numeric ? "ks" : "total_variation", score, threshold, drifted: score > threshold };
    }
    const drifted = Object.values(columns).filter((c) => c.drifted).length;
    return { driftDetected: shared.length > 0 && drifted / shared.length >= this.options.driftShare, columns };
  }
}

function rowCount(data: DataTable): number {
  return Object.values(data.columns)[0]?.length ?? 0;
}

/** Row indices of a reproducible sample, or undefined for all rows. */
function sampleRows(rows: number, size: number | undefined): number[] | undefined {
  if (size === undefined || size >= rows) return undefined;
  let seed = 12345;
  const indices = Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [indices[i], indices[j]] = [indices[j] as number, indices[i] as number];
  }
  return indices.slice(0, size).sort((a, b) => a - b);
}

function check(data: DataTable, expectation: Expectation): CheckResult {
  if (expectation.kind === "flavor") {
    throw new NotSupportedError("The template data validator", `the "${expectation.name}" check`, "Use the built-in expectation kinds");
  }
  if (expectation.kind === "row_count") {
    const rows = rowCount(data);
    const passed = rows >= (expectation.min ?? 0) && rows <= (expectation.max ?? Number.POSITIVE_INFINITY);
    return { expectation, passed, observed: rows };
  }
  const column = data.columns[expectation.column];
  if (!column) return { expectation, passed: false, message: `There is no column "${expectation.column}"` };
  const values = cells(column);
  switch (expectation.kind) {
    case "column_exists":
      return { expectation, passed: true };
    case "column_type": {
      const kind = kindOf(values);
      return { expectation, passed: kind === expectation.type, observed: kind };
    }
    case "not_null": {
      const nulls = values.filter((v) => v === null).length;
      return share(expectation, values.length - nulls, values.length, nulls, expectation.mostly);
    }
    case "unique": {
      const present = values.filter((v) => v !== null);
      const counts = new Map<Cell, number>();
      for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
      const repeated = present.filter((v) => (counts.get(v) ?? 0) > 1).length;
      return { expectation, passed: repeated === 0, observed: repeated, unexpectedCount: repeated };
    }
    case "between": {
      const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY } = expectation;
      return matching(expectation, values, (v) => typeof v === "number" && v >= min && v <= max, expectation.mostly);
    }
    case "in_set":
      return matching(expectation, values, (v) => expectation.values.includes(v as string | number | boolean), expectation.mostly);
    case "matches": {
      const pattern = new RegExp(expectation.pattern);
      return matching(expectation, values, (v) => typeof v === "string" && pattern.test(v), expectation.mostly);
    }
  }
}

/** Checks the non-null values against `test`; at least `mostly` of them must pass. */
function matching(expectation: Expectation, values: readonly Cell[], test: (value: Cell) => boolean, mostly: number | undefined): CheckResult {
  const present = values.filter((v) => v !== null);
  const good = present.filter(test).length;
  return share(expectation, good, present.length, present.length - good, mostly);
}

function share(expectation: Expectation, good: number, total: number, bad: number, mostly = 1): CheckResult {
  const passing = total === 0 ? 1 : good / total;
  return { expectation, passed: passing >= mostly, observed: 1 - passing, unexpectedCount: bad };
}
