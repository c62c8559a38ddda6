import type { AlerterContext } from "@koan/contracts";

/** Which part of an `AlerterContext` a field shows. */
export type AlerterContextFieldKey = "pipeline" | "runName" | "runId" | "step" | "status";

/** One piece of a message's context as a labelled field: `{ label: "Pipeline", value: "training" }`. */
export interface AlerterContextField {
  readonly key: AlerterContextFieldKey;
  readonly label: string;
  readonly value: string;
}

const FIELDS: ReadonlyArray<readonly [AlerterContextFieldKey, string]> = [
  ["pipeline", "Pipeline"],
  ["runName", "Run"],
  ["runId", "Run id"],
  ["step", "Step"],
  ["status", "Status"],
];

/**
 * The context's short facts (pipeline, run, run id, step, status) as
 * labelled fields, in that order, leaving out the empty ones. The error and
 * the link are not fields: services show them apart (a code block, a
 * title's link). Every alerter labels its fields with these, so a run reads
 * the same in every service.
 */
export function alerterContextFields(context: AlerterContext | undefined): AlerterContextField[] {
  if (!context) return [];
  return FIELDS.flatMap(([key, label]) => {
    const value = context[key];
    return value ? [{ key, label, value }] : [];
  });
}

/** True when the context has anything to show. */
export function hasAlerterContext(context: AlerterContext | undefined): context is AlerterContext {
  return context !== undefined && Object.values(context).some((value) => typeof value === "string" && value.length > 0);
}

/** A title for a message's context card: `"training · failed"`, `"Koan"` when there is no pipeline. */
export function alerterContextTitle(context: AlerterContext): string {
  return [context.pipeline || "Koan", context.status].filter(Boolean).join(" · ");
}

/** True for an http(s) URL, the only links services accept on a title or button. */
export function isWebLink(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\//i.test(url);
}

/**
 * The context as plain-text lines, for a text-only body or a fallback: a
 * `Label: value` line per field, then the error after a blank line, then the
 * link as `Run: <url>`.
 *
 * ```text
 * Pipeline: training
 * Run: nightly-1
 *
 * Error:
 * Error: out of memory
 *
 * Run: https://dashboard.example/runs/r1
 * ```
 */
export function alerterContextLines(context: AlerterContext | undefined): string[] {
  if (!context) return [];
  const lines = alerterContextFields(context).map((field) => `${field.label}: ${field.value}`);
  if (context.error) lines.push("", "Error:", context.error);
  if (context.url) lines.push("", `Run: ${context.url}`);
  return lines;
}
