import type { JsonValue } from "@koan/contracts";

/** Checks that a value is plain JSON (what params must be) and returns it typed. */
export function assertJson(value: unknown, path: string): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}, which JSON cannot hold`);
    return value;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertJson(item, `${path}[${i}]`));
    return value as JsonValue;
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      throw new Error(`${path} is a ${(value as object).constructor?.name}; params must be plain JSON (use a string for dates)`);
    }
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) assertJson(item, `${path}.${key}`);
    }
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  }
  throw new Error(`${path} is a ${typeof value}; params must be plain JSON`);
}
