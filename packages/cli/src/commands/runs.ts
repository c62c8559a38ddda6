import type { PipelineRun, StepRunView } from "@koan/core";
import type { RunStatus } from "@koan/core/contracts";
import { CliError, usageError } from "../cli-error.js";
import { openClient } from "../context.js";
import { formatBytes, formatDuration, formatTime } from "../output/format.js";
import { ui } from "../output/ui.js";
import { artifactStoreOfRun } from "./stores.js";

export async function runList(options: { pipeline?: string; status?: string; limit: string; json?: boolean }): Promise<void> {
  const limit = parseLimit(options.limit);
  const client = await openClient();
  if (options.pipeline) await client.getPipeline(options.pipeline);
  const runs = await client.listRuns({
    limit,
    ...(options.pipeline ? { pipeline: options.pipeline } : {}),
    ...(options.status ? { status: options.status as RunStatus } : {}),
  });
  if (options.json) {
    ui.json(runs);
    return;
  }
  ui.table(
    ["RUN", "PIPELINE", "STATUS", "STACK", "STARTED", "DURATION"],
    runs.map((r) => [r.name, r.pipelineName, colourStatus(r.status), r.stackName, formatTime(r.startedAt), formatDuration(r.endedAt ? Date.parse(r.endedAt) - Date.parse(r.startedAt) : null)]),
    options.pipeline || options.status ? "No runs match." : "No runs yet. Run a pipeline with `koan run FILE.ts`.",
  );
}

export async function runDescribe(ref: string, options: { json?: boolean }): Promise<void> {
  const client = await openClient();
  const run = await client.getRun(ref);
  if (options.json) {
    ui.json({ ...run.record, durationMs: run.durationMs, steps: run.steps.map(stepJson) });
    return;
  }
  const cached = run.steps.filter((s) => s.status === "cached").length;
  ui.print(`Run ${ui.out.bold(run.name)} ${colourStatus(run.status)}${run.durationMs === null ? "" : ` in ${formatDuration(run.durationMs)}`}`);
  ui.print(`  id        ${run.id}`);
  ui.print(`  pipeline  ${run.pipelineName}`);
  ui.print(`  stack     ${run.record.stackName}`);
  ui.print(`  started   ${formatTime(run.record.startedAt)}`);
  ui.print(`  cache     ${cached} of ${run.steps.length} steps from cache`);
  if (Object.keys(run.record.params).length) ui.print(`  params    ${JSON.stringify(run.record.params)}`);
  if (run.record.error) ui.print(`  error     ${ui.out.red(run.record.error)}`);
  ui.print("");
  ui.table(
    ["STEP", "STATUS", "DURATION", "CACHE", "ATTEMPTS", "OUTPUTS"],
    run.steps.map((s) => [
      s.id,
      colourStatus(s.status),
      formatDuration(s.durationMs),
      s.status === "cached" ? "hit" : s.status === "completed" || s.status === "failed" ? "miss" : "-",
      String(s.record.attempts),
      Object.keys(s.outputs).join(", ") || "-",
    ]),
    "No steps recorded.",
  );
  const outputs = run.steps.flatMap((s) => Object.entries(s.outputs).map(([name, artifact]) => ({ step: s.id, name, artifact })));
  if (outputs.length) {
    ui.print("");
    ui.print(ui.out.bold("Outputs"));
    ui.table(
      ["OUTPUT", "TYPE", "SIZE", "ARTIFACT", "URI"],
      outputs.map((o) => [`${o.step}.${o.name}`, o.artifact.record.dataType, formatBytes(o.artifact.record.size), o.artifact.id, o.artifact.uri]),
      "",
    );
  }
  const tracked = run.steps.filter((s) => s.experimentTrackerUrl);
  if (tracked.length) {
    ui.print("");
    ui.print(ui.out.bold("Experiment tracker"));
    ui.table(["STEP", "URL"], tracked.map((s) => [s.id, s.experimentTrackerUrl as string]), "");
  }
  const failed = run.steps.filter((s) => s.record.error);
  for (const step of failed) ui.print(`\n${ui.out.red(`${step.id} failed:`)} ${step.record.error}`);
  if (failed.length) ui.note(`See its logs: koan run logs ${run.name} --step ${failed[0]?.id}`);
}

export async function runLogs(ref: string, options: { step?: string }): Promise<void> {
  const client = await openClient();
  const run = await client.getRun(ref);
  const steps = options.step ? [stepOf(run, options.step)] : run.steps;
  const store = steps.some((s) => s.record.logsKey) ? await artifactStoreOfRun(client, run.record) : undefined;
  for (const step of steps) {
    const text = step.record.logsKey && store ? Buffer.from(await store.get(step.record.logsKey)).toString("utf8") : "";
    if (options.step) {
      if (text) ui.write(text.endsWith("\n") ? text : `${text}\n`);
      else ui.note(`Step "${step.id}" logged nothing${step.status === "cached" ? " (it was served from the cache)" : ""}.`);
      continue;
    }
    ui.print(ui.out.bold(`── ${step.id} (${step.status}) ──`));
    if (text) ui.write(text.endsWith("\n") ? text : `${text}\n`);
    else ui.print(ui.out.dim(step.status === "cached" ? "(served from the cache)" : "(no output)"));
  }
}

function stepOf(run: PipelineRun, id: string): StepRunView {
  const step = run.steps.find((s) => s.id === id);
  if (!step) throw new CliError("NOT_FOUND", `Run ${run.name} has no step "${id}"; its steps are ${run.steps.map((s) => s.id).join(", ")}.`);
  return step;
}

function stepJson(step: StepRunView) {
  return {
    id: step.id,
    name: step.record.stepName,
    status: step.status,
    durationMs: step.durationMs,
    cache: step.status === "cached" ? "hit" : step.status === "completed" || step.status === "failed" ? "miss" : null,
    cachedFromId: step.record.cachedFromId,
    attempts: step.record.attempts,
    params: step.record.params,
    error: step.record.error,
    experimentTrackerUrl: step.experimentTrackerUrl,
    inputs: Object.fromEntries(Object.entries(step.inputs).map(([name, a]) => [name, a.id])),
    outputs: Object.fromEntries(
      Object.entries(step.outputs).map(([name, a]) => [name, { id: a.id, uri: a.uri, dataType: a.record.dataType, materializer: a.record.materializer, size: a.record.size }]),
    ),
  };
}

export function colourStatus(status: string): string {
  if (status === "completed") return ui.out.green(status);
  if (status === "failed") return ui.out.red(status);
  if (status === "cached") return ui.out.cyan(status);
  if (status === "running") return ui.out.yellow(status);
  return ui.out.dim(status);
}

export function parseLimit(text: string): number {
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw usageError(`--limit takes a whole number from 1 to 1000, not "${text}".`);
  return limit;
}
