import { isComponentType } from "../registry/flavor-registry.js";
import type { AnyFlavor } from "../registry/flavor.js";

/**
 * True for a value made by `defineFlavor`, judged by shape rather than by
 * class: an integration may bring its own copy of `@koan/core`.
 */
export function isFlavor(value: unknown): value is AnyFlavor {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.type === "string" &&
    isComponentType(v.type) &&
    typeof v.name === "string" &&
    typeof v.configSchema === "object" &&
    v.configSchema !== null &&
    typeof v.createComponent === "function" &&
    typeof v.parseConfig === "function"
  );
}

/**
 * The flavors a module exports: named or default exports that are flavors,
 * and arrays or plain objects of flavors (`export const flavors = [...]`).
 * Each flavor once, in export order.
 */
export function flavorsInModule(namespace: Readonly<Record<string, unknown>>): AnyFlavor[] {
  const found: AnyFlavor[] = [];
  const add = (value: unknown) => {
    if (isFlavor(value) && !found.includes(value)) found.push(value);
  };
  for (const value of Object.values(namespace)) {
    if (isFlavor(value)) add(value);
    else if (Array.isArray(value)) value.forEach(add);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(add);
  }
  return found;
}
