import type { PipelineRun } from "./pipeline-run.js";

/** A run as aligned plain text: one line per step with status, duration and cache use. */
export function formatRun(run: PipelineRun): string {
  const rows = run.steps.map((s) => [
    s.id,
    s.status,
    s.durationMs === null ? "-" : formatDuration(s.durationMs),
    s.status === "cached" ? "hit" : s.status === "completed" || s.status === "failed" ? "miss" : "-",
    Object.keys(s.outputs).join(", ") || "-",
  ]);
  const header = ["STEP", "STATUS", "DURATION", "CACHE", "OUTPUTS"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number))).join("  ")}`;
  const cached = run.steps.filter((s) => s.status === "cached").length;
  const duration = run.durationMs === null ? "" : ` in ${formatDuration(run.durationMs)}`;
  const out = [
    `Run ${run.name} ${run.status}${run.orphaned ? " (its process is gone: killed or crashed)" : ""}${duration} on stack "${run.record.stackName}" (${cached} of ${run.steps.length} steps from cache)`,
    line(header),
    ...rows.map(line),
  ];
  for (const step of run.steps) {
    if (step.experimentTrackerUrl) out.push(`Tracker:   ${step.id} ${step.experimentTrackerUrl}`);
  }
  const store = run.context.artifactStore;
  if (store) out.push(`Artifacts: ${store.uriFor("")}`);
  out.push(`Metadata:  ${run.context.store.url}`);
  return out.join("\n");
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
