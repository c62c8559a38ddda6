import type { JsonObject, StackComponents, TrackerStepRun } from "@koan/contracts";

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

/**
 * The context of a step declared with `experimentTracker: true`: the engine
 * opened a run in the stack's experiment tracker for this step run (one for
 * all its attempts) and ends it when the step ends.
 */
export interface TrackedStepContext extends StepContext {
  /** The tracker run of this step run: log params, metrics, files and tags here. */
  readonly experimentTracker: TrackerStepRun;
}

/**
 * The context a step function gets, from its `experimentTracker` setting:
 * `true` gives `TrackedStepContext`; left out or `false`, `StepContext`
 * (no `experimentTracker`); a `boolean` known only at run time, an optional one.
 */
export type StepContextFor<Tracked extends boolean> = [Tracked] extends [true]
  ? TrackedStepContext
  : [Tracked] extends [false]
    ? StepContext
    : StepContext & { readonly experimentTracker?: TrackerStepRun };

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
