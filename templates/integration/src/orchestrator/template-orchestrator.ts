import type { Orchestrator, OrchestratorResult, PipelineExecution, PipelineSpec, StepOutcome } from "@koan/core/contracts";

export interface TemplateOrchestratorOptions {
  /** How many steps may run at once. */
  readonly concurrency: number;
}

/**
 * Runs the steps of a pipeline in this process. An orchestrator decides
 * only where and when each step runs; `execution.runStep` does the work
 * (inputs, cache, outputs, metadata). One on a real engine submits each
 * ready step as a job that calls back into `runStep` (or runs the step's
 * entrypoint) and keeps the same rules: a step starts only after all its
 * upstream steps completed or were cached, nothing downstream of a failure
 * starts, no new step starts once the signal is aborted, and the result
 * comes only after every started step has ended.
 */
export class TemplateOrchestrator implements Orchestrator {
  readonly specVersion = 1 as const;
  readonly type = "orchestrator" as const;
  readonly flavor = "template";
  readonly isRemote = false;

  constructor(readonly options: TemplateOrchestratorOptions) {}

  async run(spec: PipelineSpec, execution: PipelineExecution): Promise<OrchestratorResult> {
    const waitingOn = new Map(spec.steps.map((step) => [step.id, new Set(step.upstream)]));
    const outcomes: StepOutcome[] = [];
    const running = new Map<string, Promise<StepOutcome>>();
    let failed = false;

    const ready = () => [...waitingOn].filter(([, upstream]) => upstream.size === 0).map(([id]) => id);
    for (;;) {
      if (!failed && !execution.signal.aborted) {
        for (const stepId of ready()) {
          if (running.size >= this.options.concurrency) break;
          waitingOn.delete(stepId);
          running.set(stepId, execution.runStep(stepId));
        }
      }
      if (running.size === 0) break;
      // Wait for whichever running step ends first; a rejection (a broken engine) propagates.
      const outcome = await Promise.race([...running.values()]);
      running.delete(outcome.stepId);
      outcomes.push(outcome);
      if (outcome.status === "failed") failed = true;
      else for (const upstream of waitingOn.values()) upstream.delete(outcome.stepId);
    }
    const completed = !failed && outcomes.length === spec.steps.length;
    return { status: completed ? "completed" : "failed", outcomes };
  }
}
