#!/usr/bin/env node
// `npm test`: builds, type-checks and tests every workspace through turbo,
// then prints one total over all of them, so a reader (or CI) sees a single
// "N passed, N failed" line whatever the number of packages.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
const turbo = spawnSync("npx", ["turbo", "run", "build", "typecheck", "test", "test:int", "--continue", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env,
});

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const group of ["packages", "integrations", "templates", "examples"]) {
  const folder = join(root, group);
  if (!existsSync(folder)) continue;
  for (const name of readdirSync(folder)) {
    for (const kind of ["test-results.json", "test-results.int.json"]) {
      const file = join(folder, name, kind);
      if (!existsSync(file)) continue;
      const results = JSON.parse(readFileSync(file, "utf8"));
      passed += results.numPassedTests ?? 0;
      // A test file that fails before its tests run (an import error) has
      // no failed tests, only a failed suite: count it, or the total hides it.
      const brokenFiles = (results.testResults ?? []).filter((file) => file.status === "failed" && (file.assertionResults ?? []).length === 0).length;
      failed += (results.numFailedTests ?? 0) + brokenFiles;
      skipped += (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
      if ((results.numFailedTests ?? 0) + brokenFiles > 0) failures.push(`${group}/${name}${kind.includes(".int.") ? " (integration)" : ""}`);
    }
  }
}
if (failures.length) console.log(`\nFailing: ${failures.join(", ")}`);
console.log(`\nkoan: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(turbo.status === 0 && failed === 0 ? 0 : 1);
