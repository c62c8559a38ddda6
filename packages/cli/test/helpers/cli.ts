import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

/** The built binary: these tests drive what users run. */
export const BIN = fileURLToPath(new URL("../../dist/bin.cjs", import.meta.url));
const PACKAGES = fileURLToPath(new URL("../../..", import.meta.url));

export interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, for "never printed anywhere" checks. */
  readonly all: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly input?: string;
}

/** The environment a user's shell would give, minus anything that changes koan's behaviour. */
export function cleanEnv(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("KOAN_") || key === "NO_COLOR" || key === "FORCE_COLOR" || key.startsWith("VITEST") || key === "NODE_OPTIONS") continue;
    env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs `koan ...args` to its end. */
export function koan(args: readonly string[], options: RunOptions): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: cleanEnv(options.env), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr, all: `${stdout}\n${stderr}` }));
    child.stdin.end(options.input ?? "");
  });
}

/** `koan ...args --json`, parsed; fails the test with the output when it does not exit 0. */
export async function koanJson<T = unknown>(args: readonly string[], options: RunOptions): Promise<T> {
  const result = await koan([...args, "--json"], options);
  if (result.code !== 0) throw new Error(`koan ${args.join(" ")} --json exited ${result.code}:\n${result.all}`);
  return JSON.parse(result.stdout) as T;
}

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * A fresh project folder outside the repository: a package.json of type
 * module and a node_modules where @koan/core resolves to this workspace's
 * build, as an installed package would. `integrations` adds packages from
 * integrations/ the same way (`["gcp"]` installs @koan/gcp): the integrations'
 * own CLI tests use this helper too.
 */
export async function project(options: { init?: boolean; integrations?: readonly string[] } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "koan-cli-test-"));
  made.push(dir);
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "cli-test-project", private: true, type: "module" }, null, 2));
  await mkdir(join(dir, "node_modules", "@koan"), { recursive: true });
  for (const name of ["core", "contracts", "sql-store"]) {
    await symlink(join(PACKAGES, name), join(dir, "node_modules", "@koan", name), "dir");
  }
  for (const name of options.integrations ?? []) {
    await symlink(join(PACKAGES, "..", "integrations", name), join(dir, "node_modules", "@koan", name), "dir");
  }
  if (options.init !== false) {
    const result = await koan(["init"], { cwd: dir });
    if (result.code !== 0) throw new Error(`koan init failed:\n${result.all}`);
  }
  return dir;
}

/** Fails with the whole output when a command did not exit with `code`. */
export function expectCode(result: Result, code: number): Result {
  if (result.code !== code) throw new Error(`expected exit code ${code}, got ${result.code}:\n${result.all}`);
  return result;
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[[0-9;]*m/;

/** A two-step pipeline, run on the active stack by `koan run pipeline.ts`; prints `total: 999000 status: completed`. */
export const TWO_STEP_PIPELINE = `
import { pipeline, step } from "@koan/core";
const make = step({ name: "make" }, () => Array.from({ length: 1000 }, (_, i) => i * 2));
const total = step({ name: "total" }, ({ values }: { values: number[] }) => values.reduce((a, b) => a + b, 0));
const run = await pipeline({ name: "cli_demo" }, () => { total({ values: make() }); }).run();
console.log("total:", await run.step("total").output().load(), "status:", run.status);
`;
