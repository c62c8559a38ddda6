import { hostname } from "node:os";
import { PipelineRunFailedError, StackValidationError } from "@koan/contracts";
import type { OrchestratorResult, StepOutcome } from "@koan/contracts";
import { PipelineRun } from "../client/pipeline-run.js";
import type { CompiledPipeline } from "../pipeline/pipeline.js";
import { openRepository } from "../repository/repository.js";
import { loadStack } from "../repository/load-stack.js";
import { stackProblems } from "../stack/define-stack.js";
import type { Stack } from "../stack/define-stack.js";
import { activateStack } from "../stack/resolve-stack.js";
import type { PipelineHookContext } from "../step/step-context.js";
import { hashJson } from "../util/hash.js";
import { shortRandom } from "../util/ids.js";
import { assertTrackerForSteps, endPipelineTracking } from "./experiment-tracking.js";
import type { RunOptions } from "./run-options.js";
import { StepRunner } from "./step-runner.js";

/** Runs a compiled pipeline end to end and records it. */
export async function runPipeline(compiled: CompiledPipeline, options: RunOptions<unknown>): Promise<PipelineRun> {
  const { spec } = compiled;
  const repository = await openRepository({ ...(options.repository ? { root: options.repository } : {}), create: true });
  const { store } = repository;
  const stack: Stack =
    typeof options.stack === "object"
      ? options.stack
      : await loadStack(store, options.stack ?? repository.config.activeStack, { root: repository.root });
  const problems = stackProblems(stack);
  if (problems.length > 0) throw new StackValidationError(stack.name, problems);
  assertTrackerForSteps(stack, compiled.definitions);

  const active = await activateStack(stack, repository.root);
  try {
    const version = await store.savePipelineVersion(spec.name, hashJson(spec as unknown as Parameters<typeof hashJson>[0]), spec);
    const run = await store.createRun({
      name: options.runName ?? defaultRunName(spec.name),
      pipelineVersionId: version.id,
      stackName: stack.name,
      stack: active.snapshot,
      params: spec.params,
      host: hostname(),
      pid: process.pid,
    });
    const controller = new AbortController();
    const showProgress = options.progress ?? process.stdout.isTTY === true;
    const runner = new StepRunner({
      spec,
      definitions: compiled.definitions,
      store,
      stack: active,
      run,
      enableCache: options.enableCache,
      signal: controller.signal,
      ...(showProgress ? { onStepEnd: printProgress } : {}),
    });

    const endTracking = (status: "completed" | "failed") =>
      endPipelineTracking({ tracker: active.components.experimentTracker, definitions: compiled.definitions, store, pipelineName: spec.name, run, status });

    let result: OrchestratorResult;
    try {
      result = await active.components.orchestrator.run(spec, {
        runId: run.id,
        runName: run.name,
        runStep: (stepId) => runner.run(stepId),
        signal: controller.signal,
      });
    } catch (error) {
      controller.abort();
      await store.finishRun(run.id, { status: "failed", error: `orchestrator ${active.components.orchestrator.flavor} failed: ${(error as Error).message}` });
      await endTracking("failed");
      throw error;
    }

    // Steps that never started (a failure upstream) are recorded as skipped, so a run's record is complete.
    const started = new Set(result.outcomes.map((o) => o.stepId));
    const artifacts = new Map(runner.recordedArtifacts);
    for (const step of spec.steps) {
      if (!started.has(step.id)) {
        const skipped = await store.createStepRun({ runId: run.id, stepId: step.id, stepName: step.name, status: "skipped", params: null, inputs: {} });
        artifacts.set(skipped.id, { inputs: {}, outputs: {} });
      }
    }
    const failed = result.outcomes.filter((o) => o.status === "failed");
    const status = result.status === "completed" && failed.length === 0 ? "completed" : "failed";
    const error = failed.length ? failed.map(describeFailure).join("; ") : status === "failed" ? "the orchestrator stopped before every step ran" : null;
    const finished = await store.finishRun(run.id, { status, error });
    await endTracking(status);

    const hookContext: PipelineHookContext = {
      pipelineName: spec.name,
      runId: run.id,
      runName: run.name,
      stack: active.components,
      failedSteps: failed.map((f) => f.stepId),
    };
    const pipelineRun = await PipelineRun.load(finished, { store, repositoryRoot: repository.root, artifactStore: active.components.artifactStore }, artifacts);
    if (status === "completed") {
      await runPipelineHook("onSuccess", () => compiled.config.onSuccess?.(hookContext));
      return pipelineRun;
    }
    const cause = new Error(error ?? "run failed");
    await runPipelineHook("onFailure", () => compiled.config.onFailure?.(cause, hookContext));
    throw new PipelineRunFailedError(spec.name, run.id, failed.map((f) => f.stepId), { cause });
  } finally {
    await active.close();
  }
}

function describeFailure(outcome: StepOutcome): string {
  return `${outcome.stepId}: ${outcome.error ? `${outcome.error.name}: ${outcome.error.message}` : "failed"}`;
}

function defaultRunName(pipeline: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").replace("T", "-").slice(0, 19);
  return `${pipeline}-${stamp}-${shortRandom()}`;
}

function printProgress(stepId: string, outcome: StepOutcome): void {
  const mark = outcome.status === "failed" ? "✗" : outcome.status === "cached" ? "↺" : "✓";
  process.stdout.write(`  ${mark} ${stepId} ${outcome.status}${outcome.error ? `: ${outcome.error.message}` : ""}\n`);
}

async function runPipelineHook(name: string, hook: () => void | Promise<void> | undefined): Promise<void> {
  try {
    await hook();
  } catch (error) {
    process.stderr.write(`koan: pipeline ${name} hook threw: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
