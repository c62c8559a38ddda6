import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";

/** Where a new package goes, as far as the scaffolder needs to know. */
export interface Workspace {
  /** The folder whose package.json declares the workspaces, if any. */
  readonly root: string | undefined;
  /** True inside Koan's own repository: packages use its shared build presets. */
  readonly isKoanMonorepo: boolean;
  /** The `.changeset` folder of the workspace, if it uses changesets. */
  readonly changesetDir: string | undefined;
  /** Names of the workspace's own packages/*, which integrations must not take. */
  readonly packageNames: readonly string[];
}

/** The workspace `dir` lies in: the nearest ancestor whose package.json has `workspaces`. */
export function detectWorkspace(dir: string): Workspace {
  let root: string | undefined;
  for (let folder = dir; ; folder = dirname(folder)) {
    const manifest = join(folder, "package.json");
    if (existsSync(manifest) && readJson(manifest)?.workspaces) {
      root = folder;
      break;
    }
    if (dirname(folder) === folder) break;
  }
  if (!root) return { root, isKoanMonorepo: false, changesetDir: undefined, packageNames: [] };
  const buildConfig = readJson(join(root, "packages", "build-config", "package.json"));
  const packagesDir = join(root, "packages");
  const packageNames = existsSync(packagesDir) ? readdirSync(packagesDir).filter((name) => existsSync(join(packagesDir, name, "package.json"))) : [];
  return {
    root,
    isKoanMonorepo: buildConfig?.name === "@koan/build-config",
    changesetDir: existsSync(join(root, ".changeset")) ? join(root, ".changeset") : undefined,
    packageNames,
  };
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
