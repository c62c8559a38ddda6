import type { StackComponent } from "./component-type.js";
import type { StepOutcome } from "./orchestrator.js";

/**
 * Compute a step asks for. Every field is optional: an operator uses what
 * its platform can express and its own defaults for the rest.
 */
export interface StepResources {
  /** CPU cores; fractions allowed (`0.5`). */
  readonly cpu?: number;
  /** Memory, in Kubernetes quantity form: `"512Mi"`, `"4Gi"`. */
  readonly memory?: string;
  /** Number of GPUs. */
  readonly gpuCount?: number;
  /** A GPU model or accelerator type where the platform lets one choose, e.g. `"nvidia-tesla-t4"`. */
  readonly gpuType?: string;
}

/**
 * How a fresh process re-enters the Koan engine and runs exactly one step of
 * an existing run. Plain JSON, so it can be passed as an environment
 * variable, a container argument or a job spec field. The process started
 * with it imports `module`, takes the pipeline exported as `exportName`,
 * connects to the same metadata and artifact stores, and runs `stepId` of
 * run `runId` (`koan step-entrypoint` does this from the command line).
 */
export interface StepEntrypoint {
  /** Version of this shape; lets an older image refuse a newer entrypoint clearly. */
  readonly entrypointVersion: 1;
  /**
   * The module that defines the pipeline: a path relative to `workingDir`,
   * or a `file:` / `https:` URL, as `import()` accepts it.
   */
  readonly module: string;
  /** The export of `module` that holds the pipeline; `"default"` for a default export. */
  readonly exportName: string;
  /** Directory the process starts in, in the target environment; defaults to the image's own. */
  readonly workingDir?: string;
  readonly runId: string;
  readonly stepId: string;
  /**
   * Name of the stack to load; defaults to the stack recorded on the run.
   * Its components must be reachable from the target environment.
   */
  readonly stackName?: string;
  /** Extra environment for the process (never secret values: pass secret references instead). */
  readonly env: Readonly<Record<string, string>>;
  /** Compute the step asks for; the operator maps it onto its platform. */
  readonly resources?: StepResources;
}

/** Everything a step operator gets to run one step. */
export interface StepOperatorRequest {
  readonly runId: string;
  readonly runName: string;
  /** The invocation id inside the pipeline. */
  readonly stepId: string;
  readonly pipelineName: string;
  readonly entrypoint: StepEntrypoint;
  /** The container image to run, when the operator runs containers (built and pushed beforehand). */
  readonly image?: string;
  /** Aborted when the run is cancelled: the operator stops the remote work and rejects. */
  readonly signal?: AbortSignal;
}

/**
 * Runs one step of a run in another environment: a child process, a
 * container, a cluster job, a managed training service. The orchestrator
 * still decides when; the step operator decides where this one step runs.
 */
export interface StepOperator extends StackComponent<"step_operator"> {
  readonly specVersion: 1;
  /** True when the step runs on another machine; such a stack needs a remote artifact store. */
  readonly isRemote: boolean;
  /** True when `request.image` is needed, so the engine builds and pushes an image first. */
  readonly requiresImage: boolean;
  /**
   * Runs the step to its end and resolves with its outcome, read back from
   * the metadata store. A failing step resolves with `status: "failed"`;
   * the promise rejects only when the operator could not launch or follow
   * the work (and with an `AbortError` when `signal` aborted).
   */
  launch(request: StepOperatorRequest): Promise<StepOutcome>;
}
