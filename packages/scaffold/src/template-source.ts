import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ScaffoldError } from "./errors.js";

const TEMPLATE_PACKAGE = "@koan/integration-template";

/** True when `dir` holds the integration template. */
export function isTemplateDir(dir: string): boolean {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest) || !existsSync(join(dir, "src"))) return false;
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === TEMPLATE_PACKAGE;
  } catch {
    return false;
  }
}

/**
 * Where the template is: the monorepo's `templates/integration` when this
 * code runs from a checkout (so edits to the template apply at once), else
 * the copy shipped in this package's `template/` folder. The package's own
 * folder is also found through module resolution, for tools that bundle
 * this code (the CLI).
 */
export function findTemplateDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates: string[] = [];
  for (let folder = here; ; folder = dirname(folder)) {
    candidates.push(join(folder, "templates", "integration"));
    if (dirname(folder) === folder) break;
  }
  candidates.push(join(here, "..", "template"));
  try {
    candidates.push(join(dirname(createRequire(import.meta.url).resolve("@koan/scaffold/package.json")), "template"));
  } catch {
    // Not resolvable from here: the candidates above are all there is.
  }
  const found = candidates.find(isTemplateDir);
  if (!found) {
    throw new ScaffoldError("TEMPLATE_NOT_FOUND", `The integration template was not found (looked in ${candidates.join(", ")}). Reinstall @koan/scaffold.`);
  }
  return found;
}
