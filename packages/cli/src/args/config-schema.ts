/**
 * Reads a flavor's zod config schema by its shape (`_zod.def`), not by
 * class, because an integration may bring its own copy of zod. Used to turn
 * command-line strings into typed config values, to refuse unknown keys, and
 * to describe a flavor's fields.
 */

interface ZodDef {
  readonly type?: string;
  readonly innerType?: SchemaLike;
  readonly in?: SchemaLike;
  readonly shape?: Readonly<Record<string, SchemaLike>>;
  readonly catchall?: unknown;
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly values?: readonly unknown[];
  readonly element?: SchemaLike;
  readonly defaultValue?: unknown;
}

interface SchemaLike {
  readonly _zod?: { readonly def?: ZodDef };
  readonly description?: string;
}

export type FieldKind = "string" | "number" | "boolean" | "enum" | "array" | "object" | "unknown";

export interface ConfigField {
  readonly key: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly hasDefault: boolean;
  readonly defaultValue?: unknown;
  readonly description?: string;
  /** For enums and literals: the accepted values. */
  readonly options?: readonly string[];
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "catch", "readonly", "nonoptional", "success"]);

function defOf(schema: unknown): ZodDef {
  return ((schema as SchemaLike | undefined)?._zod?.def ?? {}) as ZodDef;
}

/** The fields of an object schema; undefined when the schema is not an object (then any keys go). */
export function configFields(schema: unknown): ConfigField[] | undefined {
  const def = defOf(schema);
  if (def.type !== "object" || !def.shape) return undefined;
  return Object.entries(def.shape).map(([key, field]) => describeField(key, field));
}

/** True when the object schema accepts keys it does not list (`z.looseObject`, `.catchall()`). */
export function acceptsOtherKeys(schema: unknown): boolean {
  const def = defOf(schema);
  return def.type !== "object" || (def.catchall !== undefined && defOf(def.catchall).type !== "never");
}

function describeField(key: string, schema: SchemaLike): ConfigField {
  let current: SchemaLike | undefined = schema;
  let required = true;
  let hasDefault = false;
  let defaultValue: unknown;
  let description = schema.description;
  for (let depth = 0; current && depth < 10; depth++) {
    const def = defOf(current);
    description ??= current.description;
    if (def.type && WRAPPERS.has(def.type)) {
      if (def.type === "optional" || def.type === "nullable") required = false;
      if (def.type === "default" || def.type === "prefault") {
        required = false;
        hasDefault = true;
        try {
          defaultValue = def.defaultValue;
        } catch {
          defaultValue = undefined;
        }
      }
      current = def.innerType;
      continue;
    }
    if (def.type === "pipe") {
      current = def.in;
      continue;
    }
    break;
  }
  const def = defOf(current);
  const base = { key, required, hasDefault, ...(hasDefault ? { defaultValue } : {}), ...(description ? { description } : {}) };
  switch (def.type) {
    case "string":
    case "number":
    case "boolean":
      return { ...base, kind: def.type };
    case "int":
    case "bigint":
      return { ...base, kind: "number" };
    case "enum":
      return { ...base, kind: "enum", options: Object.values(def.entries ?? {}).map(String) };
    case "literal":
      return { ...base, kind: "enum", options: (def.values ?? []).map(String) };
    case "array":
    case "tuple":
    case "set":
      return { ...base, kind: "array" };
    case "object":
    case "record":
    case "map":
      return { ...base, kind: "object" };
    default:
      return { ...base, kind: "unknown" };
  }
}
