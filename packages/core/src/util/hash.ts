import { createHash } from "node:crypto";
import type { JsonValue } from "@koan/contracts";

/** JSON with object keys sorted, so equal values always hash equally. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(",")}}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** `sha256:<hex>` of a JSON value in canonical form. */
export function hashJson(value: JsonValue): string {
  return `sha256:${sha256Hex(canonicalJson(value))}`;
}
