import type { JsonObject, StackComponents } from "@koan/contracts";

/** Log lines are captured per step and stored with the step run. */
export interface StepLogger {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

/** What a running step knows about where it runs. The third argument of every step function. */
export interface StepContext {
  readonly pipelineName: string;
  readonly runId: string;
  readonly runName: string;
  /** The invocation id inside the pipeline. */
  readonly stepId: string;
  /** The step definition's name. */
  readonly stepName: string;
  /** 1 on the first try, 2 on the first retry, ... */
  readonly attempt: number;
  /** The active stack's live components. */
  readonly stack: StackComponents;
  readonly logger: StepLogger;
  /** Aborted when the run is cancelled; pass it to fetch, child processes, ... */
  readonly signal: AbortSignal;
  /**
   * Attaches metadata to an output artifact (all outputs when `output` is
   * omitted). Merged over the materializer's own facts.
   */
  addOutputMetadata(metadata: JsonObject, output?: string): void;
}

/** What a hook knows: the step (or pipeline) and its run. */
export interface StepHookContext {
  readonly pipelineName: string;
  readonly runId: string;
  readonly runName: string;
  readonly stepId: string;
  readonly stepName: string;
  readonly stack: StackComponents;
}

export interface PipelineHookContext {
  readonly pipelineName: string;
  readonly runId: string;
  readonly runName: string;
  readonly stack: StackComponents;
  /** Ids of the steps that failed (empty on success). */
  readonly failedSteps: readonly string[];
}
