import { KoanError } from "@koan/contracts";
import { InvalidSecretError, UnknownSecretSchemaError } from "./errors.js";

/** Which keys a secret of a schema must and may hold. */
export interface SecretSchemaDefinition {
  readonly name: string;
  readonly description: string;
  /** Keys that must be present with a non-empty value. */
  readonly required: readonly string[];
  /** Keys that may be present. */
  readonly optional: readonly string[];
  /**
   * Alternative sets of keys, at least one of which must be present in full
   * (each key non-empty): one service, several ways to sign in. Their keys
   * are allowed without being listed in `optional`.
   */
  readonly oneOf?: ReadonlyArray<readonly string[]>;
  /** True when keys other than `required` and `optional` are allowed (the `arbitrary` schema). */
  readonly allowOtherKeys: boolean;
}

const BUILT_IN: readonly SecretSchemaDefinition[] = [
  { name: "arbitrary", description: "Any keys", required: [], optional: [], allowOtherKeys: true },
  {
    name: "aws",
    description: "AWS access keys",
    required: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
    optional: ["AWS_SESSION_TOKEN"],
    allowOtherKeys: false,
  },
  {
    name: "gcp",
    description: "A GCP service account key (the JSON file's content)",
    required: ["GOOGLE_APPLICATION_CREDENTIALS_JSON"],
    optional: [],
    allowOtherKeys: false,
  },
  {
    name: "azure",
    description: "An Azure service principal, or a storage account's connection string, key or SAS token",
    required: [],
    optional: [],
    oneOf: [
      ["AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_TENANT_ID"],
      ["AZURE_STORAGE_CONNECTION_STRING"],
      ["AZURE_STORAGE_ACCOUNT_NAME", "AZURE_STORAGE_ACCOUNT_KEY"],
      ["AZURE_STORAGE_ACCOUNT_NAME", "AZURE_STORAGE_SAS_TOKEN"],
    ],
    allowOtherKeys: false,
  },
  { name: "basic-auth", description: "A username and password", required: ["username", "password"], optional: [], allowOtherKeys: false },
];

const schemas = new Map<string, SecretSchemaDefinition>(BUILT_IN.map((s) => [s.name, s]));

/** Secret names: letters, digits, `-`, `_` and `.`, not starting with `.`. */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;
/** Key names: a letter or `_`, then letters, digits, `_` and `-` (no `.`: `{{name.key}}` splits at the last dot). */
export const SECRET_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

/** Every known schema, built-in ones first. */
export function secretSchemas(): SecretSchemaDefinition[] {
  return [...schemas.values()];
}

/** The schema of that name, or `UnknownSecretSchemaError` listing the known ones. */
export function getSecretSchema(name: string): SecretSchemaDefinition {
  const schema = schemas.get(name);
  if (!schema) throw new UnknownSecretSchemaError(name, [...schemas.keys()]);
  return schema;
}

/** Adds a schema (an integration's credentials shape); built-in names cannot be replaced. */
export function registerSecretSchema(schema: SecretSchemaDefinition): void {
  if (BUILT_IN.some((s) => s.name === schema.name)) {
    throw new KoanError("SECRET_SCHEMA_EXISTS", `"${schema.name}" is a built-in secret schema and cannot be replaced; choose another name.`);
  }
  schemas.set(schema.name, schema);
}

/** Checks a secret's name, key names and values against its schema; throws `InvalidSecretError` listing every problem. */
export function checkSecret(name: string, schemaName: string, values: Readonly<Record<string, string>>): void {
  const problems: string[] = [];
  if (!SECRET_NAME_PATTERN.test(name)) {
    problems.push("names use letters, digits, '-', '_' and '.' (not first), up to 128 characters");
  }
  const schema = getSecretSchema(schemaName);
  const keys = Object.keys(values);
  const badKeys = keys.filter((k) => !SECRET_KEY_PATTERN.test(k));
  if (badKeys.length) {
    problems.push(`invalid key name${badKeys.length > 1 ? "s" : ""} ${badKeys.map((k) => JSON.stringify(k)).join(", ")} (use letters, digits, '_' and '-')`);
  }
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== "string") problems.push(`the value of "${key}" is not a string`);
  }
  const missing = schema.required.filter((k) => values[k] === undefined || values[k] === "");
  if (missing.length) problems.push(`schema "${schema.name}" requires ${missing.map((k) => `"${k}"`).join(", ")}`);
  const oneOfProblem = checkOneOf(schema, values);
  if (oneOfProblem) problems.push(oneOfProblem);
  if (!schema.allowOtherKeys) {
    const allowed = new Set([...schema.required, ...schema.optional, ...(schema.oneOf ?? []).flat()]);
    const unknown = keys.filter((k) => !allowed.has(k));
    if (unknown.length) {
      problems.push(
        `schema "${schema.name}" does not take ${unknown.map((k) => `"${k}"`).join(", ")} (it takes ${[...allowed].join(", ")}; use --schema arbitrary for other keys)`,
      );
    }
  }
  if (schema.allowOtherKeys && keys.length === 0) problems.push("a secret needs at least one key");
  if (problems.length) throw new InvalidSecretError(name, problems);
}

/**
 * The problem with a schema's `oneOf` sets, if no set is complete: names the
 * keys missing from the set the secret comes closest to, then every set.
 */
function checkOneOf(schema: SecretSchemaDefinition, values: Readonly<Record<string, string>>): string | undefined {
  const sets = schema.oneOf ?? [];
  if (sets.length === 0) return undefined;
  const given = (key: string) => values[key] !== undefined && values[key] !== "";
  if (sets.some((set) => set.every(given))) return undefined;
  const all = sets.map((set) => set.join(" + ")).join("; ");
  // The set with the most keys given is the one the user meant, if any key of it was given.
  const closest = [...sets].sort((a, b) => b.filter(given).length - a.filter(given).length)[0];
  if (closest && closest.some(given)) {
    const missing = closest.filter((key) => !given(key));
    return `schema "${schema.name}" requires ${missing.map((k) => `"${k}"`).join(", ")} with ${closest.filter(given).join(", ")} (it takes one of: ${all})`;
  }
  return `schema "${schema.name}" requires one of these sets of keys: ${all}`;
}
