// The one test preset. Unit tests are `*.test.ts` (the `test` task, cached
// by turbo); tests against real peers are `*.int.test.ts`, run with
// `vitest run --mode int` (the `test:int` task, never cached). Type tests are
// `*.test-d.ts`. Results are also written as JSON so scripts/run-tests.mjs can
// print one total for CI.
import { defineConfig } from "vitest/config";

/** @param {{ include?: string[], exclude?: string[], testTimeout?: number }} [options] */
export function koanVitest(options = {}) {
  return defineConfig(({ mode }) => {
    const integration = mode === "int";
    return {
      test: {
        include: integration
          ? ["src/**/*.int.test.ts", "test/**/*.int.test.ts"]
          : (options.include ?? ["src/**/*.test.ts", "test/**/*.test.ts"]),
        exclude: [...(options.exclude ?? ["**/node_modules/**", "**/dist/**"]), ...(integration ? [] : ["**/*.int.test.ts"])],
        testTimeout: options.testTimeout ?? 60_000,
        hookTimeout: 120_000,
        passWithNoTests: integration,
        reporters: ["default", ["json", { outputFile: integration ? "test-results.int.json" : "test-results.json" }]],
        typecheck: {
          enabled: !integration,
          include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"],
          tsconfig: "./tsconfig.json",
        },
      },
    };
  });
}
