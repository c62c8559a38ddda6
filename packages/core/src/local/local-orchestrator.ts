import type { Orchestrator, OrchestratorResult, PipelineExecution, PipelineSpec, StepOutcome } from "@koan/contracts";

export interface LocalOrchestratorOptions {
  /** How many steps may run at the same time. */
  readonly concurrency: number;
  /** Stop starting new steps once one has failed (steps already running finish). */
  readonly failFast: boolean;
}

/**
 * Runs steps in this process. A step starts as soon as all its upstream steps
 * completed and a concurrency slot is free, so independent branches overlap.
 * Steps share one event loop: async work (I/O, child processes, worker
 * threads) overlaps; synchronous CPU work in one step holds the others back.
 */
export class LocalOrchestrator implements Orchestrator {
  readonly specVersion = 1 as const;
  readonly type = "orchestrator" as const;
  readonly flavor = "local";
  readonly isRemote = false;

  constructor(readonly options: LocalOrchestratorOptions) {}

  run(spec: PipelineSpec, execution: PipelineExecution): Promise<OrchestratorResult> {
    const remaining = new Map<string, Set<string>>();
    const downstream = new Map<string, string[]>();
    for (const step of spec.steps) {
      remaining.set(step.id, new Set(step.upstream));
      for (const up of step.upstream) {
        const list = downstream.get(up) ?? [];
        list.push(step.id);
        downstream.set(up, list);
      }
    }
    // A queue read by index: shift() is O(n) and wide fan-outs put thousands of steps in it.
    const ready: string[] = spec.steps.filter((s) => s.upstream.length === 0).map((s) => s.id);
    let head = 0;
    const outcomes: StepOutcome[] = [];
    let running = 0;
    let failed = false;

    return new Promise<OrchestratorResult>((resolveRun, rejectRun) => {
      const finishIfDone = () => {
        const canStart = !failed || !this.options.failFast;
        if (running === 0 && (head === ready.length || !canStart || execution.signal.aborted)) {
          resolveRun({ status: failed || outcomes.length < spec.steps.length ? "failed" : "completed", outcomes });
        }
      };
      const pump = () => {
        while (
          head < ready.length &&
          running < this.options.concurrency &&
          !(failed && this.options.failFast) &&
          !execution.signal.aborted
        ) {
          const stepId = ready[head++] as string;
          running++;
          execution.runStep(stepId).then(
            (outcome) => {
              running--;
              outcomes.push(outcome);
              if (outcome.status === "failed") failed = true;
              else {
                for (const next of downstream.get(stepId) ?? []) {
                  const waiting = remaining.get(next) as Set<string>;
                  waiting.delete(stepId);
                  if (waiting.size === 0) ready.push(next);
                }
              }
              pump();
              finishIfDone();
            },
            (error: unknown) => rejectRun(error),
          );
        }
      };
      pump();
      finishIfDone();
    });
  }
}
