import { ScaffoldError } from "./errors.js";

/** Lower-case kebab: a letter first, then letters and digits in dash-separated words. */
const NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_LENGTH = 50;

/**
 * Names an integration cannot take: Koan's own packages and words that
 * would read as something else on the command line.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  "koan",
  "core",
  "contracts",
  "cli",
  "testing",
  "scaffold",
  "build-config",
  "sql-store",
  "integration",
  "integrations",
  "integration-template",
  "template",
  "templates",
  "local",
  "default",
  "all",
  "new",
  "list",
  "install",
  "server",
  "dashboard",
  "client",
  "examples",
  "node-modules",
]);

/** Throws `ScaffoldError` unless `name` can name an integration package `@koan/<name>`. */
export function validateIntegrationName(name: string, taken: readonly string[] = []): void {
  if (!NAME_PATTERN.test(name)) {
    throw new ScaffoldError(
      "INVALID_INTEGRATION_NAME",
      `"${name}" is not a valid integration name: use lower-case letters, digits and single dashes, starting with a letter (e.g. "slack", "google-cloud").`,
    );
  }
  if (name.length > MAX_LENGTH) {
    throw new ScaffoldError("INVALID_INTEGRATION_NAME", `"${name}" is longer than ${MAX_LENGTH} characters; choose a shorter name.`);
  }
  if (RESERVED_NAMES.has(name) || taken.includes(name)) {
    throw new ScaffoldError("INVALID_INTEGRATION_NAME", `"${name}" is reserved for a Koan package; name the integration after the tool it integrates.`);
  }
}

/** `google-cloud` -> `GoogleCloud`. */
export function pascalCase(name: string): string {
  return name
    .split("-")
    .map((part) => (part[0]?.toUpperCase() ?? "") + part.slice(1))
    .join("");
}

/** `google-cloud` -> `googleCloud`. */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return (pascal[0]?.toLowerCase() ?? "") + pascal.slice(1);
}

/** `google-cloud` -> `GOOGLE_CLOUD`. */
export function constantCase(name: string): string {
  return name.replaceAll("-", "_").toUpperCase();
}

/**
 * Renames the template's placeholder in a file's text: its package name,
 * then `Template` (classes), `TEMPLATE` (environment variables),
 * `template` before a capital (values: `templateAlerter`) and any other
 * `template` (flavor names, file names, prose).
 */
export function renamePlaceholders(text: string, name: string): string {
  return text
    .replaceAll("@koan/integration-template", `@koan/${name}`)
    .replace(/Template/g, pascalCase(name))
    .replace(/TEMPLATE/g, constantCase(name))
    .replace(/template(?=[A-Z])/g, camelCase(name))
    .replace(/template/g, name);
}
