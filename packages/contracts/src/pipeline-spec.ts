import type { JsonObject, JsonValue } from "./json.js";

/**
 * A compiled pipeline: the DAG as plain JSON. It holds everything needed to
 * decide what runs when, and nothing that is code: the step functions stay in
 * the process that defined them (or are re-imported by a remote orchestrator).
 */
export interface PipelineSpec {
  readonly specVersion: 1;
  readonly name: string;
  /** Pipeline-level cache switch; steps may override it. */
  readonly enableCache: boolean;
  /** The pipeline's own params after validation. */
  readonly params: JsonObject;
  /** Steps in a topological order: every step comes after all its upstream steps. */
  readonly steps: readonly StepSpec[];
}

/** A reference to one output of one step invocation: a DAG edge. */
export interface OutputRef {
  /** The producing invocation's id. */
  readonly step: string;
  /** The output's name (`"output"` for a single-output step). */
  readonly output: string;
}

export interface RetryPolicy {
  /** Total attempts including the first; 1 means no retry. */
  readonly maxAttempts: number;
  /** Delay before the second attempt, in milliseconds. */
  readonly delayMs: number;
  /** Each further delay is multiplied by this. */
  readonly backoff: number;
  /** Upper bound on any single delay. */
  readonly maxDelayMs: number;
}

/** One invocation of a step inside a pipeline. */
export interface StepSpec {
  /** Unique within the pipeline; defaults to the step's name. */
  readonly id: string;
  /** The step definition's name. */
  readonly name: string;
  /** Hash of the step function's source; part of the cache key. */
  readonly sourceHash: string;
  /** An explicit version the author bumps when behaviour changes without a source change. */
  readonly version: string | null;
  /** Params after zod validation and defaults. */
  readonly params: JsonValue;
  /** Input name -> producing output. */
  readonly inputs: Readonly<Record<string, OutputRef>>;
  /** Output names, in declaration order, with the materializer forced for each (null: chosen at runtime). */
  readonly outputs: readonly { readonly name: string; readonly materializer: string | null }[];
  /** Invocation ids that must finish first: producers of inputs plus explicit `after`. */
  readonly upstream: readonly string[];
  /** Step-level cache switch; null inherits from the pipeline. */
  readonly enableCache: boolean | null;
  readonly retry: RetryPolicy;
}
