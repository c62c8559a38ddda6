import { COMPONENT_TYPES } from "@koan/contracts";
import type { ComponentType } from "@koan/contracts";
import { ScaffoldError } from "./errors.js";

/** How each component type is named in files, code and prose. */
export interface ComponentTypeInfo {
  readonly type: ComponentType;
  /** Folder and file names, and the CLI noun: `artifact-store`. */
  readonly kebab: string;
  /** In prose: `artifact store`. */
  readonly words: string;
  /** Class-name suffix: `ArtifactStore`. */
  readonly pascal: string;
  /** The conformance suite's export in @koan/testing: `artifactStoreSuite`. */
  readonly suite: string;
}

export function componentTypeInfo(type: ComponentType): ComponentTypeInfo {
  const parts = type.split("_");
  const pascal = parts.map((p) => p[0]?.toUpperCase() + p.slice(1)).join("");
  return {
    type,
    kebab: parts.join("-"),
    words: parts.join(" "),
    pascal,
    suite: `${pascal[0]?.toLowerCase()}${pascal.slice(1)}Suite`,
  };
}

/** Every type in kebab case, as users write them. */
export const COMPONENT_TYPE_NAMES: readonly string[] = COMPONENT_TYPES.map((t) => t.replaceAll("_", "-"));

/** Reads a component type written in kebab or snake case (`artifact-store`, `artifact_store`). */
export function parseComponentType(input: string): ComponentType {
  const normalized = input.trim().toLowerCase().replaceAll("-", "_");
  const found = COMPONENT_TYPES.find((t) => t === normalized);
  if (!found) {
    throw new ScaffoldError("UNKNOWN_COMPONENT_TYPE", `Unknown component type "${input}". Use one of: ${COMPONENT_TYPE_NAMES.join(", ")}.`);
  }
  return found;
}
