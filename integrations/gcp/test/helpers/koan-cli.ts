import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built `koan` binary of this repository: the tests drive what users run. */
const BIN = fileURLToPath(new URL("../../../../packages/cli/dist/bin.cjs", import.meta.url));
const REPOSITORY = fileURLToPath(new URL("../../../../", import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `koan ...args` in `cwd` with no KOAN_* variables of the test's own. */
export function koan(args: readonly string[], cwd: string): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("KOAN_") && !key.startsWith("VITEST")) env[key] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Fails with the whole output when the command did not succeed. */
export function ok(result: CliResult): CliResult {
  if (result.code !== 0) throw new Error(`koan exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/**
 * A fresh project outside the repository whose node_modules holds this
 * workspace's builds of @koan/core and of the integration, as if installed
 * with npm, and `koan init` done.
 */
export async function project(integration: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `koan-${integration}-cli-`));
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "cli-project", private: true, type: "module" }, null, 2));
  await mkdir(join(dir, "node_modules", "@koan"), { recursive: true });
  for (const [name, folder] of [["core", "packages/core"], ["contracts", "packages/contracts"], ["sql-store", "packages/sql-store"], [integration, `integrations/${integration}`]]) {
    await symlink(join(REPOSITORY, folder ?? ""), join(dir, "node_modules", "@koan", name ?? ""), "dir");
  }
  ok(await koan(["init"], dir));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A two-step pipeline run on the active stack by `koan run pipeline.ts`. */
export const PIPELINE = `
import { pipeline, step } from "@koan/core";
const make = step({ name: "make" }, () => Array.from({ length: 1000 }, (_, i) => i * 2));
const total = step({ name: "total" }, ({ values }: { values: number[] }) => values.reduce((a, b) => a + b, 0));
const run = await pipeline({ name: "cli_demo" }, () => { total({ values: make() }); }).run();
console.log("total:", await run.step("total").output().load(), "status:", run.status);
`;
