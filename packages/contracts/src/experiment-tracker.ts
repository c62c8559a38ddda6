import type { StackComponent } from "./component-type.js";
import type { JsonValue } from "./json.js";

/** Which step of which run a tracker run belongs to. */
export interface TrackerRunInfo {
  readonly pipelineName: string;
  readonly runId: string;
  readonly runName: string;
  /** The invocation id inside the pipeline. */
  readonly stepId: string;
  /** The step definition's name. */
  readonly stepName: string;
  /** The step's params after validation; logged as the tracker run's initial params. */
  readonly params: Readonly<Record<string, JsonValue>>;
  /** Tags to set at start, in addition to the ones the tracker adds (pipeline, run, step). */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Options for one batch of metrics. */
export interface LogMetricsOptions {
  /** Training step or epoch the values belong to; lets the tracker draw curves. */
  readonly step?: number;
  /** When the values were measured; defaults to now. */
  readonly timestamp?: Date;
}

/** Options for one logged file. */
export interface LogArtifactOptions {
  /** MIME type, e.g. `"image/png"`; guessed from the name when left out. */
  readonly contentType?: string;
}

/** How a tracker run ended. */
export type TrackerRunStatus = "completed" | "failed";

/**
 * The tracker's record of one step run (an MLflow run, a W&B run), open
 * while the step executes. Steps reach the tracker itself as `ctx.stack.experimentTracker`. Calls made after
 * `end` are refused.
 */
export interface TrackerStepRun {
  /** The tracker's own id for this run. */
  readonly id: string;
  /** Where people can see the run in the tracker's UI; `null` when it has none. */
  readonly url: string | null;
  /** Records params; logging a key again with a different value is refused by some trackers. */
  logParams(params: Readonly<Record<string, JsonValue>>): Promise<void>;
  /** Records numeric metrics; non-finite values are refused. */
  logMetrics(metrics: Readonly<Record<string, number>>, options?: LogMetricsOptions): Promise<void>;
  /**
   * Uploads a file to the tracker run (a plot, a report, a small model).
   * Large artifacts belong in the artifact store; trackers may refuse big files.
   */
  logArtifact(name: string, data: Uint8Array, options?: LogArtifactOptions): Promise<void>;
  /** Sets or overwrites tags. */
  setTags(tags: Readonly<Record<string, string>>): Promise<void>;
  /** Flushes buffered values and closes the run. Calling it again is a no-op. */
  end(status: TrackerRunStatus): Promise<void>;
}

/**
 * Records the experiments behind step runs: params, metrics, files and tags,
 * browsable and comparable in the tracker's UI. The engine opens one tracker
 * run per step that asks for tracking and ends it when the step ends.
 */
export interface ExperimentTracker extends StackComponent<"experiment_tracker"> {
  readonly specVersion: 1;
  /** Opens a tracker run for one step run; the tracker tags it with the pipeline, run and step. */
  startStepRun(info: TrackerRunInfo): Promise<TrackerStepRun>;
  /**
   * The UI address of the tracker run of a past step, for the CLI and
   * dashboard; `null` when there is none or the tracker has no UI.
   */
  getRunUrl(runId: string, stepId: string): Promise<string | null>;
  /**
   * Called by the engine once when a pipeline run ends, if any of its steps
   * opened a tracker run, with the run's final status. Trackers that nest the
   * step runs under a pipeline-level run (MLflow's parent run) close it here;
   * others leave it out. It may run in another process than the steps did
   * (a distributed orchestrator), so it finds the pipeline-level run by
   * `runId`, not by in-memory state.
   */
  endPipelineRun?(info: { readonly pipelineName: string; readonly runId: string; readonly runName: string }, status: TrackerRunStatus): Promise<void>;
}
