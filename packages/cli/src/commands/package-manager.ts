import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export type PackageManagerName = "npm" | "pnpm" | "yarn" | "bun";

export interface PackageManager {
  readonly name: PackageManagerName;
  /** The folder to run it in: the nearest one with a package.json. */
  readonly cwd: string;
  /** Why this one: `pnpm-lock.yaml`, `packageManager in package.json`, or the default. */
  readonly reason: string;
  readonly command: string;
  readonly args: readonly string[];
}

const LOCKFILES: readonly [string, PackageManagerName][] = [
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
];

/**
 * The package manager the project uses: the `packageManager` field of the
 * nearest package.json, else the first lockfile found from `start` upward
 * (a workspace's lockfile sits at its root), else npm.
 */
export function detectPackageManager(start: string, packages: readonly string[]): PackageManager {
  const cwd = nearest(start, (folder) => existsSync(join(folder, "package.json"))) ?? resolve(start);
  let name: PackageManagerName = "npm";
  let reason = "no lockfile found; npm is the default";
  const declared = readPackageManagerField(cwd);
  if (declared) {
    name = declared;
    reason = `"packageManager" in ${join(cwd, "package.json")}`;
  } else {
    for (let folder: string | undefined = resolve(start); folder; folder = parentOf(folder)) {
      const lock = LOCKFILES.find(([file]) => existsSync(join(folder as string, file)));
      if (lock) {
        name = lock[1];
        reason = join(folder, lock[0]);
        break;
      }
    }
  }
  const args = name === "npm" ? ["install", ...packages] : ["add", ...packages];
  return { name, cwd, reason, command: name, args };
}

function readPackageManagerField(folder: string): PackageManagerName | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { packageManager?: unknown };
    const field = typeof manifest.packageManager === "string" ? manifest.packageManager.split("@")[0] : undefined;
    return field === "npm" || field === "pnpm" || field === "yarn" || field === "bun" ? field : undefined;
  } catch {
    return undefined;
  }
}

function nearest(start: string, test: (folder: string) => boolean): string | undefined {
  for (let folder: string | undefined = resolve(start); folder; folder = parentOf(folder)) if (test(folder)) return folder;
  return undefined;
}

function parentOf(folder: string): string | undefined {
  const parent = dirname(folder);
  return parent === folder ? undefined : parent;
}
