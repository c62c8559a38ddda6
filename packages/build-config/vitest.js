// The one test preset. Unit tests are `*.test.ts`; tests against real peers
// are `*.int.test.ts` and run under the `test:int` task. Results are also
// written as JSON so scripts/run-tests.mjs can print one total for CI.
import { defineConfig } from "vitest/config";

/** @param {{ include?: string[], exclude?: string[], testTimeout?: number }} [options] */
export function koanVitest(options = {}) {
  return defineConfig({
    test: {
      include: options.include ?? ["src/**/*.test.ts", "test/**/*.test.ts"],
      exclude: options.exclude ?? ["**/node_modules/**", "**/dist/**"],
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: 60_000,
      reporters: ["default", ["json", { outputFile: "test-results.json" }]],
      typecheck: { enabled: true, include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    },
  });
}
