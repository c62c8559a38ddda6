import { CliError } from "../cli-error.js";
import type { ConfigField } from "./config-schema.js";

const REFERENCE = /\{\{\s*[A-Za-z0-9_.-]+\.[A-Za-z_][A-Za-z0-9_-]*\s*\}\}/;

/** `fail-fast` -> `failFast`. */
export function camelCase(key: string): string {
  return key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `failFast` -> `fail-fast`, the way keys are written as options. */
export function kebabCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

export interface ConfigInput {
  /** `type/name`, for messages. */
  readonly flavorId: string;
  /** The schema's fields; undefined when it is not an object schema. */
  readonly fields: readonly ConfigField[] | undefined;
  /** True when the schema takes keys it does not list. */
  readonly acceptsOtherKeys: boolean;
  /** The command that lists the fields, for messages. */
  readonly describeCommand: string;
}

/**
 * Turns `--key value` pairs into a config object. Keys may be written in
 * kebab case (`--fail-fast`) or as in the schema (`--failFast`); dotted keys
 * (`--auth.user`) build nested objects. Each value is converted to the type
 * the schema wants at that key (numbers, booleans, JSON for arrays and
 * objects); a secret reference `{{name.key}}` always stays a string.
 */
export function configFromPairs(pairs: readonly [string, string | true][], input: ConfigInput, base: Record<string, unknown> = {}): Record<string, unknown> {
  const config: Record<string, unknown> = structuredClone(base);
  for (const [rawKey, rawValue] of pairs) {
    const [first, ...rest] = rawKey.split(".");
    const field = findField(first as string, input);
    const key = field?.key ?? (input.acceptsOtherKeys ? camelOrSame(first as string, input) : undefined);
    if (key === undefined) throw unknownKey(first as string, input);
    const value = rest.length === 0 ? coerce(rawValue, field, rawKey) : guess(rawValue);
    setPath(config, [key, ...rest], value);
  }
  return config;
}

/** The schema key an option names: exact, or its camelCase form. */
export function findField(key: string, input: Pick<ConfigInput, "fields">): ConfigField | undefined {
  return input.fields?.find((f) => f.key === key) ?? input.fields?.find((f) => f.key === camelCase(key));
}

function camelOrSame(key: string, input: ConfigInput): string {
  return input.fields?.some((f) => f.key === camelCase(key)) ? camelCase(key) : key;
}

export function unknownKey(key: string, input: ConfigInput): CliError {
  const known = input.fields?.map((f) => `--${kebabCase(f.key)}`).join(", ") || "none";
  return new CliError(
    "INVALID_CONFIG",
    `Unknown config key "${key}" for flavor ${input.flavorId}. Its keys: ${known}. See \`${input.describeCommand}\`.`,
  );
}

function coerce(value: string | true, field: ConfigField | undefined, key: string): unknown {
  if (value === true) {
    if (!field || field.kind === "boolean") return true;
    throw new CliError("INVALID_CONFIG", `--${key} needs a value: --${key}=VALUE`);
  }
  if (REFERENCE.test(value)) return value;
  switch (field?.kind) {
    case "number":
      return /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim()) ? Number(value) : value;
    case "boolean": {
      const lower = value.toLowerCase();
      if (["true", "yes", "on", "1"].includes(lower)) return true;
      if (["false", "no", "off", "0"].includes(lower)) return false;
      return value;
    }
    case "array":
      if (value.trim().startsWith("[")) return parseJson(value, key);
      return value === "" ? [] : value.split(",").map((v) => v.trim());
    case "object":
      return parseJson(value, key);
    case "unknown":
      return guess(value);
    default:
      return value;
  }
}

function guess(value: string | true): unknown {
  if (value === true) return true;
  const trimmed = value.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

function parseJson(value: string, key: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new CliError("INVALID_CONFIG", `--${key} takes JSON here, e.g. --${key}='{"a": 1}' or --${key}='["a", "b"]'`);
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== "object" || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

/** Removes a (dotted) key; true when it was there. */
export function unsetPath(target: Record<string, unknown>, path: readonly string[]): boolean {
  let node: unknown = target;
  for (const part of path.slice(0, -1)) {
    node = (node as Record<string, unknown> | undefined)?.[part];
    if (node === null || typeof node !== "object") return false;
  }
  const last = path.at(-1) as string;
  const record = node as Record<string, unknown>;
  if (!(last in record)) return false;
  delete record[last];
  return true;
}
