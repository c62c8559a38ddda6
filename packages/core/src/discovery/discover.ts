import { findRepositoryRoot } from "../repository/repository.js";
import { flavorsInModule } from "./flavor-exports.js";
import { importModule } from "./import-module.js";
import { findKoanPackages } from "./installed-packages.js";
import type { KoanPackage } from "./installed-packages.js";
import { listLocalFlavorModules } from "./local-flavor-modules.js";
import { registerDiscoveredFlavor } from "./register.js";

/** An installed integration package and what loading it gave. */
export interface DiscoveredPackage extends KoanPackage {
  /** `type/name` of each flavor it provides. */
  readonly flavors: readonly string[];
  /** Why it could not be loaded, or which of its flavors were left out. */
  readonly problems: readonly string[];
}

/** A project module recorded with `koan <type> flavor register`. */
export interface DiscoveredModule {
  readonly path: string;
  readonly flavors: readonly string[];
  readonly problems: readonly string[];
}

export interface DiscoveryReport {
  readonly root: string;
  readonly packages: readonly DiscoveredPackage[];
  readonly modules: readonly DiscoveredModule[];
}

const discovered = new Map<string, Promise<DiscoveryReport>>();

/**
 * Finds installed integrations (packages whose package.json has
 * `"koan": { "flavors": "./dist/flavors.js" }`) and the project's recorded
 * flavor modules, imports them and registers their exported flavors. Done
 * once per process and project unless `refresh`. A package that fails to
 * load is reported, never thrown: it must not stop runs that do not use it.
 */
export function discoverFlavors(options: { readonly root?: string; readonly refresh?: boolean } = {}): Promise<DiscoveryReport> {
  const root = options.root ?? findRepositoryRoot() ?? process.cwd();
  let report = options.refresh ? undefined : discovered.get(root);
  if (!report) {
    report = discover(root);
    discovered.set(root, report);
    report.catch(() => discovered.delete(root));
  }
  return report;
}

async function discover(root: string): Promise<DiscoveryReport> {
  const packages = await Promise.all((await findKoanPackages(root)).map(async (pkg) => ({ ...pkg, ...(await load(pkg.flavorsModule, pkg.packageName)) })));
  const modulePaths = await listLocalFlavorModules(root).catch(() => []);
  const modules: DiscoveredModule[] = [];
  for (const path of modulePaths) modules.push({ path, ...(await load(path, path)) });
  return { root, packages, modules };
}

async function load(path: string, source: string): Promise<{ flavors: string[]; problems: string[] }> {
  try {
    const found = flavorsInModule(await importModule(path));
    const problems: string[] = [];
    for (const flavor of found) {
      const conflict = registerDiscoveredFlavor(flavor, source);
      if (conflict) problems.push(conflict);
    }
    if (found.length === 0) problems.push(`${path} exports no flavor`);
    return { flavors: found.map((f) => `${f.type}/${f.name}`).sort(), problems };
  } catch (error) {
    return { flavors: [], problems: [(error as Error).message] };
  }
}
