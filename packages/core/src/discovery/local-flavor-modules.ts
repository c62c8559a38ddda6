import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { KoanError } from "@koan/contracts";
import type { ComponentType } from "@koan/contracts";
import type { AnyFlavor } from "../registry/flavor.js";
import { KOAN_DIR } from "../repository/repository.js";
import { flavorsInModule } from "./flavor-exports.js";
import { importModule } from "./import-module.js";
import { registerFlavorStrictly } from "./register.js";

/*
 * Custom flavors from the project's own modules, recorded in
 * `.koan/flavors.json` so every process of the project (the CLI, `koan run`,
 * a plain `pipeline.run()`) finds them, like installed integrations.
 */

const FILE = "flavors.json";

interface FlavorModulesFile {
  readonly version: 1;
  /** Paths relative to the project root, with `/` separators. */
  readonly modules: string[];
}

/** The recorded modules, as absolute paths. */
export async function listLocalFlavorModules(root: string): Promise<string[]> {
  return (await readModulesFile(root)).modules.map((m) => resolve(root, m));
}

/**
 * Imports a module, registers the flavors it exports and records it for the
 * project. With `type`, the module must export a flavor of that type.
 */
export async function addLocalFlavorModule(root: string, modulePath: string, options: { type?: ComponentType } = {}): Promise<AnyFlavor[]> {
  const path = resolve(modulePath);
  if (!existsSync(path)) throw new KoanError("NOT_FOUND", `No file ${path}. Give the path of a module that exports flavors made with defineFlavor().`);
  const found = flavorsInModule(await importModule(path));
  const wanted = options.type ? found.filter((f) => f.type === options.type) : found;
  if (wanted.length === 0) {
    throw new KoanError(
      "NO_FLAVORS",
      `${path} exports no ${options.type ? `${options.type} ` : ""}flavor. Export the value defineFlavor({ type${options.type ? `: "${options.type}"` : ""}, ... }) returns.`,
    );
  }
  for (const flavor of wanted) registerFlavorStrictly(flavor, path);
  const file = await readModulesFile(root);
  const stored = toStored(root, path);
  if (!file.modules.includes(stored)) {
    await writeModulesFile(root, { version: 1, modules: [...file.modules, stored] });
  }
  return wanted;
}

/** Forgets a recorded module; true when it was recorded. */
export async function removeLocalFlavorModule(root: string, modulePath: string): Promise<boolean> {
  const file = await readModulesFile(root);
  const stored = toStored(root, resolve(modulePath));
  if (!file.modules.includes(stored)) return false;
  await writeModulesFile(root, { version: 1, modules: file.modules.filter((m) => m !== stored) });
  return true;
}

function toStored(root: string, path: string): string {
  const rel = relative(root, path);
  return isAbsolute(rel) || rel.startsWith("..") ? path : rel.split(sep).join("/");
}

async function readModulesFile(root: string): Promise<FlavorModulesFile> {
  const path = join(root, KOAN_DIR, FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return { version: 1, modules: [] };
  }
  try {
    const parsed = JSON.parse(text) as Partial<FlavorModulesFile>;
    if (Array.isArray(parsed.modules) && parsed.modules.every((m) => typeof m === "string")) return { version: 1, modules: parsed.modules };
  } catch {
    // Reported below.
  }
  throw new KoanError("BAD_FLAVORS_FILE", `${path} is not a list of flavor modules ({ "version": 1, "modules": [...] }). Fix it or delete it.`);
}

async function writeModulesFile(root: string, file: FlavorModulesFile): Promise<void> {
  const path = join(root, KOAN_DIR, FILE);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`);
  await rename(temp, path);
}
