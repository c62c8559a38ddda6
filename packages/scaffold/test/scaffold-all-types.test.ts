// CI's proof that the template works for every component type: scaffold one
// package of each of the thirteen types into a temporary workspace (linked to
// this repository's built packages and tools, no network), then build each
// with tsup, type-check them, run their unit and integration tests and their
// package checks, and load each built flavors module as the CLI would.
// The expensive work runs once, in beforeAll (builds two at a time, one
// tsc and one vitest over all packages); each type then gets its own test.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { COMPONENT_TYPES } from "@koan/contracts";
import type { ComponentType } from "@koan/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { componentTypeInfo, scaffoldIntegration } from "../src/index.js";
import type { ScaffoldResult } from "../src/index.js";

const repo = join(import.meta.dirname, "..", "..", "..");
const nodeModules = join(repo, "node_modules");
const bin = (tool: string) => join(nodeModules, ".bin", tool);
const parallel = Math.max(2, Math.min(4, availableParallelism()));

interface Outcome {
  readonly code: number;
  readonly output: string;
}

interface VitestReport {
  testResults: Array<{ name: string; assertionResults: Array<{ status: string; fullName: string; failureMessages?: string[] }> }>;
}

function run(command: string, args: readonly string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

async function inPool<T, R>(items: readonly T[], size: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

/** A workspace laid out like Koan's repository, its node_modules the repository's own. */
function makeWorkspace(root: string, koanLayout: boolean): void {
  mkdirSync(join(root, "integrations"), { recursive: true });
  writeFileSync(
    join(root, "package.json"),
    JSON.stringify({ name: "scaffold-ci", private: true, type: "module", workspaces: ["packages/*", "integrations/*"] }, null, 2),
  );
  symlinkSync(nodeModules, join(root, "node_modules"), "dir");
  if (!koanLayout) return;
  cpSync(join(repo, "tsconfig.base.json"), join(root, "tsconfig.base.json"));
  mkdirSync(join(root, "packages"));
  symlinkSync(join(repo, "packages", "build-config"), join(root, "packages", "build-config"), "dir");
  mkdirSync(join(root, "scripts"));
  symlinkSync(join(repo, "scripts", "check-packages.mjs"), join(root, "scripts", "check-packages.mjs"));
  mkdirSync(join(root, ".changeset"));
}

/**
 * Runs vitest once over every package and returns its JSON report. Unit tests
 * run with each package as a project, under its own vitest.config.ts;
 * `--mode int` does not reach project configs, so the integration tests run
 * as one project that includes every package's *.int.test.ts.
 */
async function vitestAll(root: string, packages: readonly string[], mode: "unit" | "int"): Promise<{ outcome: Outcome; report: VitestReport }> {
  const config = join(root, `vitest.${mode}.config.mjs`);
  const test =
    mode === "unit"
      ? { projects: packages.map((dir) => join(root, dir)) }
      : { include: packages.map((dir) => `${dir}/test/**/*.int.test.ts`), testTimeout: 60_000, hookTimeout: 60_000 };
  writeFileSync(config, `export default { test: ${JSON.stringify(test)} };\n`);
  const out = join(root, `results.${mode}.json`);
  const args = ["run", "--root", root, "--config", config, "--reporter=json", `--outputFile=${out}`, `--maxWorkers=${parallel}`];
  const outcome = await run(bin("vitest"), args, root);
  const report = existsSync(out) ? (JSON.parse(readFileSync(out, "utf8")) as VitestReport) : { testResults: [] };
  return { outcome, report };
}

function resultsFor(report: VitestReport, dir: string) {
  return report.testResults.filter((file) => file.name.includes(`${join(dir, "test")}/`)).flatMap((file) => file.assertionResults);
}


describe("a package of every component type, scaffolded into a Koan-like workspace", () => {
  const root = mkdtempSync(join(tmpdir(), "koan-scaffold-ci-"));
  const scaffolded = new Map<ComponentType, ScaffoldResult>();
  const builds = new Map<ComponentType, Outcome>();
  let typecheck: Outcome = { code: -1, output: "not run" };
  let unit: { outcome: Outcome; report: VitestReport } = { outcome: { code: -1, output: "" }, report: { testResults: [] } };
  let integration: typeof unit = unit;
  const dirOf = (type: ComponentType) => join("integrations", `ci-${componentTypeInfo(type).kebab}`);

  const phases: string[] = [];
  const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      phases.push(`${label} ${((performance.now() - start) / 1000).toFixed(1)}s`);
    }
  };

  beforeAll(async () => {
    makeWorkspace(root, true);
    await timed("scaffold", async () => {
      for (const type of COMPONENT_TYPES) {
        scaffolded.set(type, await scaffoldIntegration({ name: `ci-${componentTypeInfo(type).kebab}`, type, targetDir: join(root, dirOf(type)) }));
      }
    });
    const outcomes = await timed("build", () => inPool(COMPONENT_TYPES, parallel, (type) => run(bin("tsup"), [], join(root, dirOf(type)))));
    COMPONENT_TYPES.forEach((type, i) => builds.set(type, outcomes[i] as Outcome));
    // One program over every package: what each package's `tsc --noEmit` checks. Declarations
    // are off because node_modules is a link into this repository, which makes the inferred
    // type of each tsup.config.ts "not portable" here (it is in a real checkout).
    writeFileSync(
      join(root, "tsconfig.json"),
      JSON.stringify({
        extends: "./tsconfig.base.json",
        compilerOptions: { declaration: false },
        include: ["integrations/*/src", "integrations/*/test", "integrations/*/*.config.ts"],
      }),
    );
    typecheck = await timed("typecheck", () => run(bin("tsc"), ["-p", join(root, "tsconfig.json"), "--noEmit", "--pretty", "false"], root));
    const dirs = COMPONENT_TYPES.map(dirOf);
    unit = await timed("unit tests and package checks", () => vitestAll(root, dirs, "unit"));
    integration = await timed("integration tests", () => vitestAll(root, dirs, "int"));
  }, 900_000);

  afterAll(() => {
    console.log(`scaffold-all-types: ${phases.join(", ")}`);
    rmSync(root, { recursive: true, force: true });
  });

  for (const type of COMPONENT_TYPES) {
    const info = componentTypeInfo(type);
    it(`${info.words}: builds, type-checks, passes its tests and package checks, and its flavor loads`, async () => {
      const dir = dirOf(type);
      const result = scaffolded.get(type);
      expect(result?.mode).toBe("monorepo");
      expect(builds.get(type)?.code, builds.get(type)?.output).toBe(0);
      const typeErrors = typecheck.output.split("\n").filter((line) => line.startsWith(`${dir}/`));
      expect(typeErrors, typeErrors.join("\n")).toEqual([]);

      for (const [label, { report }] of [["unit", unit], ["integration", integration]] as const) {
        const tests = resultsFor(report, join(root, dir));
        const failed = tests.filter((t) => t.status === "failed");
        expect(failed.map((t) => `${t.fullName}\n${t.failureMessages?.join("\n") ?? ""}`), `${label} tests`).toEqual([]);
        expect(tests.filter((t) => t.status === "passed").length, `${label} tests that passed`).toBeGreaterThan(5);
      }
      const conformance = resultsFor(unit.report, join(root, dir)).filter((t) => t.fullName.includes(`${info.words} conformance`));
      expect(conformance.length, "conformance suite tests").toBeGreaterThan(3);
      const packageCheck = resultsFor(unit.report, join(root, dir)).filter((t) => t.fullName.includes("passes the package checks"));
      expect(packageCheck.map((t) => t.status)).toEqual(["passed"]);

      // Loaded by a plain Node process, as the CLI loads an installed integration.
      const loaded = spawnSync(
        process.execPath,
        ["--input-type=module", "-e", `const m = await import(${JSON.stringify(pathToFileURL(join(root, dir, "dist", "flavors.js")).href)}); console.log(JSON.stringify(m.default.map((f) => f.type + "/" + f.name)))`],
        { encoding: "utf8" },
      );
      expect(loaded.status, loaded.stderr).toBe(0);
      expect(JSON.parse(loaded.stdout)).toEqual([`${type}/ci-${info.kebab}`]);
    });
  }

  it("wrote a changeset for each package and left no trace of the template's placeholder", () => {
    const changesets = readdirSync(join(root, ".changeset")).sort();
    expect(changesets).toEqual(COMPONENT_TYPES.map((t) => `ci-${componentTypeInfo(t).kebab}-initial.md`).sort());
    for (const result of scaffolded.values()) {
      for (const file of result.files) expect(readFileSync(file, "utf8").toLowerCase(), file).not.toContain("template");
    }
  });

  it("runs all thirteen types' unit tests in one vitest run without a failure", () => {
    expect(unit.outcome.code, unit.outcome.output.slice(-4000)).toBe(0);
    expect(integration.outcome.code, integration.outcome.output.slice(-4000)).toBe(0);
  });
});

describe("a package scaffolded outside Koan's repository (standalone configs)", () => {
  const root = mkdtempSync(join(tmpdir(), "koan-scaffold-standalone-"));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("builds with its own tsup config, type-checks and passes its tests", async () => {
    makeWorkspace(root, false);
    const result = await scaffoldIntegration({ name: "acme-store", type: "artifact-store", targetDir: join(root, "integrations", "acme-store") });
    expect(result.mode).toBe("standalone");
    expect(result.files.some((f) => f.endsWith(".gitignore"))).toBe(true);
    const dir = result.directory;
    const build = await run(bin("tsup"), [], dir);
    expect(build.code, build.output).toBe(0);
    expect(existsSync(join(dir, "dist", "flavors.d.ts"))).toBe(true);
    const types = spawnSync(bin("tsc"), ["--noEmit", "--pretty", "false"], { cwd: dir, encoding: "utf8" });
    expect(types.status, types.stdout).toBe(0);
    const tests = await run(bin("vitest"), ["run"], dir);
    expect(tests.code, tests.output.slice(-4000)).toBe(0);
    expect(tests.output).toMatch(/Tests\s+\d+ passed/);
  }, 300_000);
});
