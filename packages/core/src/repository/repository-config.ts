import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KoanError } from "@koan/contracts";

/*
 * Every command reads this file first, `koan stack list` included, so it is
 * checked by hand rather than with a zod schema: loading zod costs a short
 * command more time than all of its own work. For the same reason it is read
 * and written with node:fs's synchronous calls: a file of a hundred bytes
 * takes microseconds, and loading node:fs/promises took over a millisecond
 * of every command.
 */

/** `.koan/config.json`: which stack is active and where the metadata lives. */
export interface RepositoryConfig {
  version: 1;
  activeStack: string;
  /** `sqlite:<path>`, relative paths resolve against `.koan/`. */
  storeUrl: string;
}

export const DEFAULT_CONFIG: RepositoryConfig = { version: 1, activeStack: "default", storeUrl: "sqlite:koan.db" };

/** The first problem of a parsed config file, as `key: what is wrong`, or undefined when it is valid. */
export function repositoryConfigProblem(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return "(root): expected an object";
  const config = raw as Record<string, unknown>;
  if (config.version !== 1) return `version: expected 1, got ${JSON.stringify(config.version) ?? "nothing"}`;
  for (const key of ["activeStack", "storeUrl"] as const) {
    const value = config[key];
    if (typeof value !== "string") return `${key}: expected a string, got ${value === undefined ? "nothing" : typeof value}`;
    if (value.length === 0) return `${key}: must not be empty`;
  }
  return undefined;
}

export async function readRepositoryConfig(koanDir: string): Promise<RepositoryConfig> {
  const path = join(koanDir, "config.json");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new KoanError("NO_REPOSITORY_CONFIG", `Cannot read ${path}: ${(error as Error).message}. Run \`koan init\` to create it.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new KoanError("BAD_REPOSITORY_CONFIG", `${path} is not valid JSON. Fix it by hand, or move it away and run \`koan init\`.`);
  }
  const problem = repositoryConfigProblem(raw);
  if (problem) throw new KoanError("BAD_REPOSITORY_CONFIG", `${path}: ${problem}. Fix the file, or move it away and run \`koan init\`.`);
  // Only the known keys: a file written by a newer Koan keeps working here, as with zod's object() before.
  const { version, activeStack, storeUrl } = raw as unknown as RepositoryConfig;
  return { version, activeStack, storeUrl };
}

/** Writes the config atomically (temp file, then rename), so a crash never leaves half a file. */
export async function writeRepositoryConfig(koanDir: string, config: RepositoryConfig): Promise<void> {
  const path = join(koanDir, "config.json");
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o644 });
  renameSync(temp, path);
}
