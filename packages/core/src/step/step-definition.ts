import type { RetryPolicy } from "@koan/contracts";
import type { z } from "zod";
import type { Materializer } from "../materializers/materializer.js";
import type { StepContext } from "./step-context.js";
import type { StepHooks } from "./step-types.js";

/** Everything the engine knows about a step, with the types erased. */
export interface StepDefinition extends StepHooks {
  readonly name: string;
  readonly version: string | null;
  /** Hash of the function's source text; part of the cache key. */
  readonly sourceHash: string;
  readonly paramsSchema: z.ZodType | undefined;
  /** Output names; a single-output step has one, named "output". */
  readonly outputs: readonly string[];
  /** True when the function returns an object of named outputs. */
  readonly multiOutput: boolean;
  readonly materializers: Readonly<Record<string, Materializer>>;
  readonly enableCache: boolean | null;
  readonly retry: RetryPolicy;
  /** True when the step asked for an experiment tracker run (`experimentTracker: true`). */
  readonly experimentTracker: boolean;
  readonly fn: (inputs: Record<string, unknown>, params: unknown, context: StepContext) => unknown;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 1, delayMs: 1000, backoff: 2, maxDelayMs: 60_000 };
