// scripts/check-packages.mjs, as `npm test` runs it: the static checks on
// every workspace package, the CLI's known integrations against
// integrations/, and publint and are-the-types-wrong on every package this
// one depends on (turbo has built them before this test). Packages outside
// that set check themselves from their own test/package.test.ts, which the
// static checks require. One test per package, so a failure names it.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

interface Report {
  readonly packages: ReadonlyArray<{ readonly name: string; readonly dir: string; readonly problems: readonly string[]; readonly notes: readonly string[] }>;
  readonly knownIntegrations: { readonly checked: boolean; readonly problems: readonly string[]; readonly note: string } | null;
}

const repo = join(import.meta.dirname, "..", "..", "..");
const script = join(repo, "scripts", "check-packages.mjs");
const run = spawnSync(process.execPath, [script, "--json", "--pack-closure", join(repo, "packages", "scaffold")], {
  cwd: repo,
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
});
const report = JSON.parse(run.stdout || "null") as Report | null;

describe("package checks (scripts/check-packages.mjs)", () => {
  it("ran and produced a report", () => {
    expect(report, run.stderr).not.toBeNull();
  });

  for (const pkg of report?.packages ?? []) {
    it(`${pkg.name} (${pkg.dir})`, () => {
      expect(pkg.problems, pkg.problems.join("\n")).toEqual([]);
    });
  }

  it("the CLI's known integrations match integrations/ exactly", (context) => {
    const known = report?.knownIntegrations;
    context.skip(known?.checked === false, known?.note);
    expect(known?.problems, known?.problems.join("\n")).toEqual([]);
  });
});
