// The package checks on this package's packed tarball, after its build:
// exports with types, README, LICENSE, the @koan/core peer dependency,
// publint and are-the-types-wrong (scripts/check-packages.mjs).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const script = fileURLToPath(new URL("../../../scripts/check-packages.mjs", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));

it("passes the package checks", () => {
  const result = spawnSync(process.execPath, [script, "--only", packageDir], { encoding: "utf8" });
  expect(result.status, result.stdout + result.stderr).toBe(0);
}, 120_000);
