import { KoanError, StackValidationError } from "@koan/contracts";
import type {
  ExperimentTracker,
  JsonObject,
  JsonValue,
  MetadataStore,
  RunRecord,
  StepSpec,
  TrackerRunStatus,
  TrackerStepRun,
} from "@koan/contracts";
import type { Stack } from "../stack/define-stack.js";
import type { StepDefinition } from "../step/step-definition.js";
import type { StepLog } from "./log-capture.js";

/*
 * The engine's side of experiment tracking. A step that declares
 * `experimentTracker: true` gets ONE tracker run per step run, spanning all
 * its attempts: a step run is one record in the metadata store whatever its
 * retries, and its tracker run is the same thing seen from the tracker, so
 * the step's `experiment_tracker_url` always points at the run that holds
 * every attempt's metrics (`ctx.attempt` tells them apart). The run is opened
 * on the first attempt that reaches the function (a cached step opens none),
 * and ended `completed` or, when the last attempt failed, `failed`.
 */

/** Step metadata keys under which the tracker run is recorded. */
export const TRACKER_URL_KEY = "experiment_tracker_url";
export const TRACKER_RUN_ID_KEY = "experiment_tracker_run_id";

/**
 * Refuses, before anything is recorded, a run whose steps ask for an
 * experiment tracker that the stack does not have.
 */
export function assertTrackerForSteps(stack: Stack, definitions: ReadonlyMap<string, StepDefinition>): void {
  if (stack.components.experiment_tracker) return;
  const tracked = [...definitions].filter(([, d]) => d.experimentTracker).map(([id]) => id);
  if (tracked.length === 0) return;
  throw new StackValidationError(stack.name, [
    `step${tracked.length === 1 ? "" : "s"} ${tracked.map((id) => `"${id}"`).join(", ")} declare${tracked.length === 1 ? "s" : ""} ` +
      `experimentTracker: true but the stack has no experiment tracker; add one ` +
      `(\`koan experiment-tracker register NAME --flavor FLAVOR\`, then \`koan stack update ${stack.name} --experiment-tracker NAME\`) ` +
      `or run on a stack that has one`,
  ]);
}

/** The tracker run of one step run, opened on first use. */
export class StepTracking {
  #opening: Promise<TrackerStepRun> | undefined;
  #opened: TrackerStepRun | undefined;

  constructor(
    readonly tracker: ExperimentTracker | undefined,
    readonly info: { readonly pipelineName: string; readonly run: RunRecord; readonly spec: StepSpec },
  ) {}

  /** The open tracker run; an attempt that cannot open it fails, and the next attempt tries again. */
  open(): Promise<TrackerStepRun> {
    const { tracker } = this;
    // Checked at run start too; a worker of a distributed orchestrator may still hold another stack.
    if (!tracker) {
      return Promise.reject(
        new KoanError("NO_EXPERIMENT_TRACKER", `Step "${this.info.spec.id}" declares experimentTracker: true but the stack has no experiment tracker.`),
      );
    }
    this.#opening ??= tracker
      .startStepRun({
        pipelineName: this.info.pipelineName,
        runId: this.info.run.id,
        runName: this.info.run.name,
        stepId: this.info.spec.id,
        stepName: this.info.spec.name,
        params: trackerParams(this.info.spec.params),
      })
      .then(
        (opened) => (this.#opened = opened),
        (error: unknown) => {
          this.#opening = undefined;
          throw error;
        },
      );
    return this.#opening;
  }

  /**
   * Ends the tracker run, if one was opened, and returns what to record in
   * the step's metadata. A tracker that fails to end the run does not fail
   * the step (its outputs are saved); the failure goes to the step's log.
   */
  async end(status: TrackerRunStatus, log: StepLog): Promise<JsonObject> {
    const opened = this.#opened;
    if (!opened) return {};
    try {
      await opened.end(status);
    } catch (error) {
      log.add("error", [`the experiment tracker could not end run ${opened.id}:`, error]);
      process.stderr.write(`koan: step "${this.info.spec.id}": the experiment tracker could not end run ${opened.id}: ${(error as Error).message}\n`);
    }
    return { [TRACKER_RUN_ID_KEY]: opened.id, [TRACKER_URL_KEY]: opened.url };
  }
}

/** The step's tracking, or undefined when it did not ask for it. */
export function stepTracking(
  definition: StepDefinition,
  tracker: ExperimentTracker | undefined,
  info: { readonly pipelineName: string; readonly run: RunRecord; readonly spec: StepSpec },
): StepTracking | undefined {
  if (!definition.experimentTracker) return undefined;
  return new StepTracking(tracker, info);
}

/** Params as the tracker takes them: an object; any other validated value under `params`. */
function trackerParams(params: JsonValue): Readonly<Record<string, JsonValue>> {
  return params !== null && typeof params === "object" && !Array.isArray(params) ? params : { params };
}

/**
 * Tells the tracker the pipeline run ended, if any of its steps opened a
 * tracker run. Steps may have run in other processes, so the step records
 * are asked, not this process's memory. Never throws: the run's record is
 * final by now, and a tracker failure is only reported.
 */
export async function endPipelineTracking(options: {
  readonly tracker: ExperimentTracker | undefined;
  readonly definitions: ReadonlyMap<string, StepDefinition>;
  readonly store: MetadataStore;
  readonly pipelineName: string;
  readonly run: RunRecord;
  readonly status: TrackerRunStatus;
}): Promise<void> {
  const { tracker, definitions, store, run } = options;
  if (!tracker?.endPipelineRun) return;
  if (![...definitions.values()].some((d) => d.experimentTracker)) return;
  try {
    const steps = await store.listStepRuns(run.id);
    if (!steps.some((s) => typeof s.metadata[TRACKER_RUN_ID_KEY] === "string")) return;
    await tracker.endPipelineRun({ pipelineName: options.pipelineName, runId: run.id, runName: run.name }, options.status);
  } catch (error) {
    process.stderr.write(`koan: the experiment tracker could not end pipeline run ${run.name}: ${(error as Error).message}\n`);
  }
}
