import { COMPONENT_TYPES, UnknownComponentTypeError, type ComponentType } from "@koan/contracts";

const KNOWN: ReadonlySet<string> = new Set(COMPONENT_TYPES);

/**
 * Types are checked at compile time, but callers such as the CLI pass user
 * input through; an unknown type stored here would make a stack nothing can load.
 */
export function assertComponentType(type: string): asserts type is ComponentType {
  if (!KNOWN.has(type)) throw new UnknownComponentTypeError(type, COMPONENT_TYPES);
}
