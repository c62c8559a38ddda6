import { describe, expect, it } from "vitest";
import { NotSupportedError } from "@koan/core";
import type { DataTable, DataValidator, Expectation, ValidationReport } from "@koan/core/contracts";
import { expectKoanError } from "./expect-error.js";
import { DEFAULT_TIMEOUT_MS, itWith, sharedComponent } from "./suite.js";
import type { SuiteOptions } from "./suite.js";

export interface DataValidatorSuiteOptions extends SuiteOptions<DataValidator> {
  readonly capabilities: {
    /** `validateModel` exists. */
    readonly modelValidation: boolean;
    /** `kind: "flavor"` expectations pass through to the tool (else they raise `NotSupportedError`). */
    readonly flavorChecks: boolean;
  };
}

/** The table the suite profiles and validates: 8 rows, nulls, a typed array, mixed and empty columns. */
export const PEOPLE: DataTable = {
  columns: {
    id: [1, 2, 3, 4, 5, 6, 7, 8],
    age: Float64Array.from([25, 32, 47, 51, Number.NaN, 38, 29, 62]),
    city: ["Oslo", "Lima", "Oslo", null, "Kyiv", "Lima", "Oslo", "Pune"],
    active: [true, false, true, true, null, false, true, true],
    email: ["a@x.io", "b@x.io", "bad", "c@x.io", "d@x.io", null, "e@x.io", "f@x.io"],
    mixed: [1, "a", true, null, 2, "b", false, 3],
    nothing: [null, null, null, null, null, null, null, null],
  },
};

const AGES = [25, 32, 47, 51, 38, 29, 62];

/** Each expectation with whether it passes on `PEOPLE`. */
export const EXPECTATION_CASES: ReadonlyArray<readonly [Expectation, boolean]> = [
  [{ kind: "column_exists", column: "age" }, true],
  [{ kind: "column_exists", column: "salary" }, false],
  [{ kind: "column_type", column: "age", type: "number" }, true],
  [{ kind: "column_type", column: "city", type: "string" }, true],
  [{ kind: "column_type", column: "city", type: "number" }, false],
  [{ kind: "column_type", column: "mixed", type: "mixed" }, true],
  [{ kind: "not_null", column: "id" }, true],
  [{ kind: "not_null", column: "city" }, false],
  [{ kind: "not_null", column: "city", mostly: 0.8 }, true],
  [{ kind: "unique", column: "id" }, true],
  [{ kind: "unique", column: "city" }, false],
  [{ kind: "between", column: "age", min: 18, max: 70 }, true],
  [{ kind: "between", column: "age", min: 30 }, false],
  [{ kind: "between", column: "age", min: 30, mostly: 0.7 }, true],
  [{ kind: "between", column: "age", max: 50, mostly: 0.9 }, false],
  [{ kind: "between", column: "salary", min: 0 }, false],
  [{ kind: "in_set", column: "city", values: ["Oslo", "Lima", "Kyiv"] }, false],
  [{ kind: "in_set", column: "city", values: ["Oslo", "Lima", "Kyiv"], mostly: 0.8 }, true],
  [{ kind: "in_set", column: "active", values: [true, false] }, true],
  [{ kind: "matches", column: "email", pattern: "^[^@]+@[^@]+$" }, false],
  [{ kind: "matches", column: "email", pattern: "^[^@]+@[^@]+$", mostly: 0.8 }, true],
  [{ kind: "row_count", min: 1, max: 10 }, true],
  [{ kind: "row_count", min: 9 }, false],
  [{ kind: "row_count", max: 8 }, true],
];

function sampleStd(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
}

function expectConsistent(report: ValidationReport): void {
  expect(report.passed).toBe(report.results.every((r) => r.passed));
}

/**
 * The data validator contract: per-column profiles (kinds, nulls, distinct
 * counts, numeric statistics with NaN as null), every built-in expectation
 * kind passing and failing with `mostly`, reports that resolve even when
 * checks fail, drift between tables on shared columns, and the optional
 * model validation.
 */
export function dataValidatorSuite(options: DataValidatorSuiteOptions): void {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { capabilities } = options;

  describe(`${options.name}: data validator conformance`, () => {
    const validator = sharedComponent(options.create, options.cleanup);

    it("identifies itself as a data validator", () => {
      const v = validator();
      expect(v.type).toBe("data_validator");
      expect(v.specVersion).toBe(1);
      expect(typeof v.flavor).toBe("string");
    });

    it("profiles every column: kind, count, nulls, distinct values and numeric statistics", async () => {
      const profile = await validator().profile(PEOPLE);
      expect(profile.rowCount).toBe(8);
      expect(Object.keys(profile.columns).sort()).toEqual(Object.keys(PEOPLE.columns).sort());
      const age = profile.columns.age;
      expect(age).toMatchObject({ kind: "number", count: 8, nulls: 1, distinct: 7, min: 25, max: 62 });
      expect(age?.mean).toBeCloseTo(AGES.reduce((a, b) => a + b, 0) / AGES.length, 9);
      expect(age?.std).toBeCloseTo(sampleStd(AGES), 9);
      expect(profile.columns.id).toMatchObject({ kind: "number", nulls: 0, distinct: 8, min: 1, max: 8, mean: 4.5 });
      expect(profile.columns.city).toMatchObject({ kind: "string", count: 8, nulls: 1, distinct: 4 });
      expect(profile.columns.city?.min).toBeUndefined();
      expect(profile.columns.active).toMatchObject({ kind: "boolean", nulls: 1, distinct: 2 });
      expect(profile.columns.mixed).toMatchObject({ kind: "mixed", nulls: 1 });
      expect(profile.columns.nothing).toMatchObject({ kind: "empty", count: 8, nulls: 8, distinct: 0 });
    }, timeout);

    it("profiles only the columns asked for", async () => {
      const profile = await validator().profile(PEOPLE, { columns: ["age", "city"] });
      expect(Object.keys(profile.columns).sort()).toEqual(["age", "city"]);
      expect(profile.rowCount).toBe(8);
    }, timeout);

    it("profiles an empty table", async () => {
      const profile = await validator().profile({ columns: { x: [] } });
      expect(profile.rowCount).toBe(0);
      expect(profile.columns.x).toMatchObject({ count: 0, nulls: 0, distinct: 0 });
    }, timeout);

    it("evaluates every built-in expectation kind, passing and failing, with mostly", async () => {
      const expectations = EXPECTATION_CASES.map(([e]) => e);
      const report = await validator().validate(PEOPLE, expectations);
      expect(report.results.length).toBe(expectations.length);
      for (const [i, [expectation, passes]] of EXPECTATION_CASES.entries()) {
        const result = report.results[i];
        expect(result?.expectation).toEqual(expectation);
        expect(result?.passed, `${JSON.stringify(expectation)} should ${passes ? "pass" : "fail"}`).toBe(passes);
      }
      expect(report.passed).toBe(false);
      expectConsistent(report);
    }, timeout);

    it("counts the values that broke a check", async () => {
      const report = await validator().validate(PEOPLE, [{ kind: "between", column: "age", min: 30 }]);
      const [result] = report.results;
      expect(result?.passed).toBe(false);
      if (result?.unexpectedCount !== undefined) expect(result.unexpectedCount).toBe(2);
    }, timeout);

    it("passes a report whose checks all pass, and an empty list of checks", async () => {
      const passing = EXPECTATION_CASES.filter(([, passes]) => passes).map(([e]) => e);
      const report = await validator().validate(PEOPLE, passing);
      expect(report.passed).toBe(true);
      expectConsistent(report);
      const empty = await validator().validate(PEOPLE, []);
      expect(empty).toMatchObject({ passed: true, results: [] });
    }, timeout);

    itWith(
      !capabilities.flavorChecks,
      "a flavor-specific expectation raises NotSupportedError",
      "flavor checks are the tool's own: test them in the integration's tests",
      async () => {
        await expectKoanError(
          validator().validate(PEOPLE, [{ kind: "flavor", name: "expect_column_kl_divergence", args: { column: "age" } }]),
          NotSupportedError,
          "NOT_SUPPORTED",
        );
      },
      timeout,
    );

    describe("drift", () => {
      const n = 500;
      const categories = ["a", "b", "c"];
      const reference: DataTable = {
        columns: {
          x: Float64Array.from({ length: n }, (_, i) => i),
          c: Array.from({ length: n }, (_, i) => categories[i % 3] ?? null),
          only_in_reference: Array.from({ length: n }, () => 1),
        },
      };
      const same: DataTable = { columns: { x: reference.columns.x as Float64Array, c: reference.columns.c as string[], only_in_current: Array.from({ length: n }, () => 2) } };
      const shifted: DataTable = { columns: { x: Float64Array.from({ length: n }, (_, i) => 1000 + i), c: same.columns.c as string[] } };
      const recategorized: DataTable = { columns: { x: same.columns.x as Float64Array, c: Array.from({ length: n }, () => "d") } };
      const both: DataTable = { columns: { x: shifted.columns.x as Float64Array, c: recategorized.columns.c as string[] } };

      it("finds no drift between a table and itself, on the shared columns only", async () => {
        const report = await validator().compare(reference, same);
        expect(Object.keys(report.columns).sort()).toEqual(["c", "x"]);
        expect(report.driftDetected).toBe(false);
        for (const [column, drift] of Object.entries(report.columns)) {
          expect(drift.drifted, column).toBe(false);
          expect(typeof drift.method).toBe("string");
          expect(Number.isFinite(drift.score)).toBe(true);
          expect(typeof drift.threshold).toBe("number");
        }
      }, timeout);

      it("finds drift in a shifted numeric column and only there", async () => {
        const report = await validator().compare(reference, shifted);
        expect(report.columns.x?.drifted).toBe(true);
        expect(report.columns.c?.drifted).toBe(false);
      }, timeout);

      it("finds drift in a categorical column whose values changed", async () => {
        const report = await validator().compare(reference, recategorized);
        expect(report.columns.c?.drifted).toBe(true);
        expect(report.columns.x?.drifted).toBe(false);
      }, timeout);

      it("reports drift detected when every column drifted", async () => {
        const report = await validator().compare(reference, both);
        expect(report.driftDetected).toBe(true);
      }, timeout);

      it("compares only the columns asked for", async () => {
        const report = await validator().compare(reference, both, { columns: ["x"] });
        expect(Object.keys(report.columns)).toEqual(["x"]);
      }, timeout);
    });

    itWith(
      capabilities.modelValidation,
      "validateModel judges predictions against labels and resolves with a consistent report",
      "this validator only validates data",
      async () => {
        const validateModel = validator().validateModel;
        expect(typeof validateModel).toBe("function");
        const data: DataTable = { columns: { target: [0, 1, 1, 0, 1, 0, 1, 1], prediction: [0, 1, 1, 0, 1, 0, 1, 1], f: [1, 2, 3, 4, 5, 6, 7, 8] } };
        const report = await validator().validateModel?.({ task: "classification", data, target: "target", prediction: "prediction" });
        expect(report).toBeDefined();
        expectConsistent(report as ValidationReport);
      },
      timeout,
    );

    itWith(
      !capabilities.modelValidation,
      "without model validation, validateModel is left out",
      "this validator validates models",
      () => {
        expect(validator().validateModel).toBeUndefined();
      },
    );
  });
}
