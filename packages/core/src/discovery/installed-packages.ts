import { readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

/** An installed package that declares `"koan": { "flavors": "./dist/flavors.js" }` in its package.json. */
export interface KoanPackage {
  readonly packageName: string;
  readonly version: string;
  /** The package's folder. */
  readonly directory: string;
  /** Absolute path of the module that exports its flavors. */
  readonly flavorsModule: string;
}

/**
 * Packages installed where the project can import them (every `node_modules`
 * from the project root upward, the nearest copy of a name winning) that
 * declare Koan flavors. Only each package's own package.json is read.
 */
export async function findKoanPackages(root: string): Promise<KoanPackage[]> {
  const found = new Map<string, KoanPackage>();
  for (const folder of nodeModulesFolders(root)) {
    const directories = await packageDirectories(folder);
    const packages = await Promise.all(directories.map(readKoanPackage));
    for (const pkg of packages) {
      if (pkg && !found.has(pkg.packageName)) found.set(pkg.packageName, pkg);
    }
  }
  return [...found.values()].sort((a, b) => a.packageName.localeCompare(b.packageName));
}

/** The package.json of an installed package, read from the project's point of view; undefined when not installed. */
export async function readInstalledPackage(root: string, packageName: string): Promise<{ version: string; directory: string } | undefined> {
  for (const folder of nodeModulesFolders(root)) {
    const directory = join(folder, ...packageName.split("/"));
    try {
      const manifest = JSON.parse(await readFile(join(directory, "package.json"), "utf8")) as { version?: unknown };
      return { version: typeof manifest.version === "string" ? manifest.version : "0.0.0", directory };
    } catch {
      // Not in this node_modules; look further up.
    }
  }
  return undefined;
}

function nodeModulesFolders(root: string): string[] {
  const folders: string[] = [];
  let folder = resolve(root);
  for (;;) {
    folders.push(join(folder, "node_modules"));
    const parent = dirname(folder);
    if (parent === folder) return folders;
    folder = parent;
  }
}

async function packageDirectories(nodeModules: string): Promise<string[]> {
  const entries = await readdir(nodeModules, { withFileTypes: true }).catch(() => []);
  const directories: string[] = [];
  await Promise.all(
    entries.map(async (entry) => {
      if (entry.name.startsWith(".")) return;
      if (!entry.isDirectory() && !entry.isSymbolicLink()) return;
      const path = join(nodeModules, entry.name);
      if (entry.name.startsWith("@")) {
        const scoped = await readdir(path, { withFileTypes: true }).catch(() => []);
        for (const inner of scoped) {
          if (!inner.name.startsWith(".") && (inner.isDirectory() || inner.isSymbolicLink())) directories.push(join(path, inner.name));
        }
      } else {
        directories.push(path);
      }
    }),
  );
  return directories;
}

async function readKoanPackage(directory: string): Promise<KoanPackage | undefined> {
  let manifest: { name?: unknown; version?: unknown; koan?: { flavors?: unknown } };
  try {
    manifest = JSON.parse(await readFile(join(directory, "package.json"), "utf8")) as typeof manifest;
  } catch {
    return undefined;
  }
  const flavors = manifest.koan?.flavors;
  if (typeof manifest.name !== "string" || typeof flavors !== "string") return undefined;
  return {
    packageName: manifest.name,
    version: typeof manifest.version === "string" ? manifest.version : "0.0.0",
    directory,
    flavorsModule: resolve(directory, flavors),
  };
}
