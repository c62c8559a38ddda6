import type { JsonValue } from "@koan/core/contracts";
import { BATCH_LIMITS } from "../client/index.js";

/** A param as MLflow stores it (a string): strings as they are, anything else as JSON. */
export function paramValue(value: JsonValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Where a param too long for MLflow is stored in full, as a run artifact. */
export function longParamArtifact(key: string): string {
  return `koan-params/${key.replace(/[^\w.-]+/g, "_")}.txt`;
}

/**
 * Fits a param value into MLflow's limit: a longer one keeps its start and
 * says where the whole value is (`longParamArtifact`), so nothing is lost.
 */
export function fittedParam(key: string, value: string): { value: string; overflow: boolean } {
  if (value.length <= BATCH_LIMITS.paramValueLength) return { value, overflow: false };
  const note = `... (${value.length} characters; the whole value is the artifact ${longParamArtifact(key)})`;
  return { value: value.slice(0, BATCH_LIMITS.paramValueLength - note.length) + note, overflow: true };
}
