import type { RetryPolicy } from "@koan/contracts";
import type { z } from "zod";
import type { Materializer } from "../materializers/materializer.js";
import type { OutputHandle } from "./output-handle.js";
import type { StepContext, StepContextFor, StepHookContext } from "./step-context.js";

/** A zod schema for params. Its output must be JSON: params are stored with the run. */
export type ParamsSchema = z.ZodType;
/** The params schema of a step that declares none. */
export type NoParams = z.ZodObject<{}>;
/** A step's inputs: names to the values it receives (artifacts from upstream steps). */
export type StepInputs = Record<string, unknown>;
/** The inputs of a step that takes none. */
export type NoInputs = Record<never, never>;

/** The handles a step invocation takes: one per input, each carrying the input's type. */
export type InputHandles<I> = { readonly [K in keyof I]: OutputHandle<I[K]> };

/** Options of one invocation inside a pipeline body. */
export interface InvocationOptions {
  /** Invocation id; needed when one step runs twice in a pipeline. Defaults to the step's name. */
  readonly id?: string;
  /** Extra ordering: run after these steps' outputs exist, without reading them. */
  readonly after?: ReadonlyArray<OutputHandle<unknown> | Readonly<Record<string, OutputHandle<unknown>>>>;
  /** Cache switch for this invocation only. */
  readonly enableCache?: boolean;
}

type ParamsRest<S extends ParamsSchema> = {} extends z.input<S>
  ? [params?: z.input<S>, options?: InvocationOptions]
  : [params: z.input<S>, options?: InvocationOptions];

/** The arguments of a step call in a pipeline body: inputs, then params, then options. */
export type StepCallArgs<I, S extends ParamsSchema> = keyof I extends never
  ? {} extends z.input<S>
    ? [inputs?: InputHandles<I>, params?: z.input<S>, options?: InvocationOptions]
    : [inputs: InputHandles<I>, ...ParamsRest<S>]
  : [inputs: InputHandles<I>, ...ParamsRest<S>];

export type StepFunction<I, S extends ParamsSchema, R, C extends StepContext = StepContext> = (inputs: I, params: z.output<S>, context: C) => R;

export type StepHooks = {
  /** Called once after the step failed its last attempt. Errors thrown here are logged, not raised. */
  readonly onFailure?: (error: Error, context: StepHookContext) => void | Promise<void>;
  /** Called after the step completed (not when served from the cache). */
  readonly onSuccess?: (context: StepHookContext) => void | Promise<void>;
};

interface CommonStepConfig<S extends ParamsSchema, Tracked extends boolean> extends StepHooks {
  /** Unique among the steps of a pipeline; used in ids, keys and the CLI. */
  readonly name: string;
  /** Checked with zod at each invocation; stored with the run. */
  readonly params?: S;
  /** Bump to invalidate cached results when behaviour changes but the source does not. */
  readonly version?: string;
  /** Step-level cache switch; overrides the pipeline's. */
  readonly enableCache?: boolean;
  /** Retries with exponential backoff. Defaults: 1 attempt, 1000 ms, x2, at most 60 s. */
  readonly retry?: Partial<RetryPolicy>;
  /**
   * True: each run of the step is recorded in the stack's experiment tracker,
   * reached as `ctx.experimentTracker` (see `TrackedStepContext`). A stack
   * without an experiment tracker is then refused when the run starts.
   */
  readonly experimentTracker?: Tracked;
}

export interface SingleOutputStepConfig<S extends ParamsSchema, Tracked extends boolean = boolean> extends CommonStepConfig<S, Tracked> {
  readonly outputs?: undefined;
  /** Forces the materializer of the output instead of choosing it by value. */
  readonly materializer?: Materializer;
}

export interface MultiOutputStepConfig<S extends ParamsSchema, Names extends readonly string[], Tracked extends boolean = boolean>
  extends CommonStepConfig<S, Tracked> {
  /** Names of the outputs; the step returns an object with exactly these keys. */
  readonly outputs: Names;
  /** Forces the materializer of some outputs. */
  readonly materializer?: { readonly [K in Names[number]]?: Materializer };
}

/** What a step call returns in a pipeline body. */
export type MultiOutputHandles<R, Names extends readonly string[]> = {
  readonly [K in Names[number]]: OutputHandle<K extends keyof R ? R[K] : never>;
};

/**
 * A step: call it inside a pipeline body to add it to the DAG. Outside a
 * pipeline, `step.fn(inputs, params, context)` calls the function directly
 * (for unit tests).
 */
export interface Step<I, S extends ParamsSchema, Returned, Handles, Tracked extends boolean = false> {
  (...args: StepCallArgs<I, S>): Handles;
  readonly stepName: string;
  readonly fn: StepFunction<I, S, Returned, StepContextFor<Tracked>>;
}
