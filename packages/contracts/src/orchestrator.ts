import type { StackComponent } from "./component-type.js";
import type { PipelineSpec } from "./pipeline-spec.js";

export type StepOutcomeStatus = "completed" | "cached" | "failed";

/** How one step ended, as the engine reports it to the orchestrator. */
export interface StepOutcome {
  readonly stepId: string;
  readonly status: StepOutcomeStatus;
  readonly error?: { readonly name: string; readonly message: string };
}

/**
 * The engine's side of a run, handed to the orchestrator. `runStep` does all
 * the work for one step (inputs, cache, retries, outputs, metadata); the
 * orchestrator only decides where and when each call happens.
 */
export interface PipelineExecution {
  readonly runId: string;
  readonly runName: string;
  /** Runs one step to its end. Resolves with the outcome; rejects only if the engine itself broke. */
  runStep(stepId: string): Promise<StepOutcome>;
  /** Aborted when the run is cancelled. */
  readonly signal: AbortSignal;
}

export interface OrchestratorResult {
  readonly status: "completed" | "failed";
  /** Outcomes of the steps that ran; steps never started are left out. */
  readonly outcomes: readonly StepOutcome[];
}

/** Runs the steps of a compiled pipeline, each only after all its upstream steps completed. */
export interface Orchestrator extends StackComponent<"orchestrator"> {
  readonly specVersion: 1;
  /** True when steps run on other machines; such a stack needs a remote artifact store. */
  readonly isRemote: boolean;
  run(spec: PipelineSpec, execution: PipelineExecution): Promise<OrchestratorResult>;
}
