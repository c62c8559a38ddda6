// The suites must fail on implementations that break the contract, not only
// pass on good ones. This runs them against deliberately broken
// implementations (test/fixtures/broken) in a separate vitest and checks
// that exactly the tests aimed at each bug fail.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

interface Result {
  readonly fullName: string;
  readonly status: string;
}

const fixtures = fileURLToPath(new URL("./fixtures/broken/", import.meta.url));
let results: Result[] = [];

beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), "koan-broken-results-"));
  try {
    const vitest = join(createRequire(import.meta.url).resolve("vitest/package.json"), "..", "vitest.mjs");
    const file = join(out, "results.json");
    spawnSync(process.execPath, [vitest, "run", "--root", fixtures, "--config", join(fixtures, "vitest.config.mjs"), "--reporter=json", `--outputFile=${file}`], {
      encoding: "utf8",
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    const report = JSON.parse(readFileSync(file, "utf8")) as { testResults: Array<{ assertionResults: Result[] }> };
    results = report.testResults.flatMap((f) => f.assertionResults);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 240_000);

/** The statuses of the tests of one suite whose titles contain `title`. */
function statuses(suite: string, title: string): string[] {
  return results.filter((r) => r.fullName.startsWith(`${suite}:`) && r.fullName.includes(title)).map((r) => r.status);
}

const expectFailed = (suite: string, title: string) => {
  const found = statuses(suite, title);
  expect(found.length, `no test "${title}" in suite ${suite}`).toBeGreaterThan(0);
  expect(found, `${suite}: "${title}"`).toContain("failed");
};
const expectPassed = (suite: string, title: string) => {
  const found = statuses(suite, title);
  expect(found.length, `no test "${title}" in suite ${suite}`).toBeGreaterThan(0);
  expect(found.every((s) => s === "passed"), `${suite}: "${title}" is ${found.join(", ")}`).toBe(true);
};

describe("the conformance suites catch broken implementations", () => {
  it("a store that buffers whole bodies fails the 64 MiB streaming test, and only it", () => {
    expectFailed("buffering", "streams a 64 MiB object");
    expectPassed("buffering", "lists more than 1,000 keys");
    expectPassed("buffering", "round-trips a small object");
  });

  it("a store that lists only the first 1,000 keys fails the listing and bulk delete tests", () => {
    expectFailed("first-page", "lists more than 1,000 keys");
    expectFailed("first-page", "deletePrefix removes more than 1,000 objects");
    expectPassed("first-page", "streams a 64 MiB object");
  });

  it("a store that throws untyped errors fails the not-found test", () => {
    expectFailed("untyped-error", "a missing key raises ArtifactNotFoundError");
  });

  it("a store whose puts are not atomic fails the failed-put test", () => {
    expectFailed("non-atomic", "a put whose body fails keeps the previous object");
  });

  it("a store that trusts keys fails the escaping-keys tests", () => {
    expectFailed("trusting", 'refuses "../escape"');
    expectFailed("trusting", "never resolves .. against stored keys");
  });

  it("an orchestrator that ignores dependencies fails the ordering and failure tests", () => {
    expectFailed("eager", "runs every step of a diamond exactly once");
    expectFailed("eager", "runs a random 60-step DAG in a valid order");
    expectFailed("eager", "a failing step stops every step downstream");
    expectFailed("eager", "never runs more than its limit");
  });

  it("an orchestrator over its declared limit fails only the limit test", () => {
    expectFailed("over-limit", "never runs more than its limit");
    expectPassed("over-limit", "runs every step of a diamond exactly once");
  });

  it("an alerter that approves everything fails the reject test", () => {
    expectFailed("yes-man", "ask rejects on a default reject word");
    expectFailed("yes-man", "ask resolves with reason timeout");
  });

  it("a correct model registry passes the whole model registry suite", () => {
    for (const title of ["registers a model", "newest first", "metadata", "records the run and step", "moves it when set again", "read as versions", "deletes a version", "deletes a model", "NotFoundError", "URI"]) {
      expectPassed("small", title);
    }
  });

  it("model registries with one bug each fail the test aimed at it, and only it", () => {
    expectFailed("oldest-first", "lists the versions of a model newest first");
    expectPassed("oldest-first", "moves it when set again");
    expectFailed("dangling", "deletes a version with its aliases");
    expectPassed("dangling", "lists the versions of a model newest first");
    expectFailed("any-alias", "refuses alias names that read as versions");
    expectPassed("any-alias", "deletes a version with its aliases");
    expectFailed("untyped-missing", "raises NotFoundError for unknown models, versions and aliases");
    expectFailed("stringly", "round-trips a version's metadata as JSON");
    expectPassed("stringly", "records the run and step");
    // Declaring the missing capability skips the test instead of failing it.
    expect(statuses("stringly-declared", "round-trips a version's metadata as JSON")).toEqual(["skipped"]);
  });

  it("a secrets manager that leaks values into errors fails", () => {
    expectFailed("leaky", "a taken name raises AlreadyExistsError, and the message holds no value");
  });
});
