import type { JsonObject } from "@koan/contracts";

/*
 * JSON columns are TEXT. Values were JsonObjects when written and only this
 * store writes them, so parsing back to JsonObject needs no validation.
 */

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function parseJsonObject(text: string): JsonObject {
  return JSON.parse(text) as JsonObject;
}

export function parseJsonObjectOrNull(text: string | null): JsonObject | null {
  return text === null ? null : parseJsonObject(text);
}

/** Shallow merge: keys of `change` replace those of the stored object. */
export function mergeJsonObject(stored: string, change: JsonObject | undefined): string {
  if (!change || Object.keys(change).length === 0) return stored;
  return toJson({ ...parseJsonObject(stored), ...change });
}
