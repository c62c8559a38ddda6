import { KoanError } from "@koan/contracts";
import type { z } from "zod";
import type { Materializer } from "../materializers/materializer.js";
import { registerMaterializer } from "../materializers/materializer-registry.js";
import { currentBuild } from "../pipeline/build.js";
import { sha256Hex } from "../util/hash.js";
import { SINGLE_OUTPUT } from "./output-handle.js";
import type { OutputHandle } from "./output-handle.js";
import type { StepContextFor } from "./step-context.js";
import type { StepDefinition } from "./step-definition.js";
import { DEFAULT_RETRY } from "./step-definition.js";
import type {
  MultiOutputHandles,
  MultiOutputStepConfig,
  NoInputs,
  NoParams,
  ParamsSchema,
  SingleOutputStepConfig,
  Step,
  StepFunction,
  StepInputs,
} from "./step-types.js";

const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;

/**
 * Defines a step: a function from input artifacts and params to one output,
 * or to several named outputs (`outputs: ["train", "test"]`).
 *
 * ```ts
 * const train = step({ name: "train", params: z.object({ lr: z.number().default(0.1) }) },
 *   async ({ data }: { data: Row[] }, { lr }) => fit(data, lr));
 * ```
 */
export function step<R, I extends StepInputs = NoInputs, S extends ParamsSchema = NoParams, Tracked extends boolean = false>(
  config: SingleOutputStepConfig<S, Tracked>,
  fn: StepFunction<I, S, R, StepContextFor<Tracked>>,
): Step<I, S, R, OutputHandle<Awaited<R>>, Tracked>;
export function step<
  const Names extends readonly [string, ...string[]],
  R extends { readonly [K in Names[number]]: unknown } | Promise<{ readonly [K in Names[number]]: unknown }>,
  I extends StepInputs = NoInputs,
  S extends ParamsSchema = NoParams,
  Tracked extends boolean = false,
>(
  config: MultiOutputStepConfig<S, Names, Tracked>,
  fn: StepFunction<I, S, R, StepContextFor<Tracked>>,
): Step<I, S, R, MultiOutputHandles<Awaited<R>, Names>, Tracked>;
export function step(
  config: SingleOutputStepConfig<ParamsSchema> | MultiOutputStepConfig<ParamsSchema, readonly string[]>,
  fn: StepFunction<StepInputs, ParamsSchema, unknown, never>,
): Step<StepInputs, ParamsSchema, unknown, unknown, boolean> {
  const definition = toDefinition(config, fn);
  const call = (...args: unknown[]) => {
    const build = currentBuild();
    if (!build) {
      throw new KoanError(
        "STEP_OUTSIDE_PIPELINE",
        `Step "${definition.name}" was called outside a pipeline body. Call steps inside pipeline(..., () => { ... }); ` +
          `to run the function directly (in a unit test), call ${definition.name}.fn(inputs, params, context).`,
      );
    }
    return build.invoke(definition, args[0], args[1], args[2]);
  };
  return Object.assign(call, {
    stepName: definition.name,
    fn,
    [STEP_DEFINITION]: definition,
  }) as unknown as Step<StepInputs, ParamsSchema, unknown, unknown, boolean>;
}

const STEP_DEFINITION = Symbol.for("koan.stepDefinition");

/** The definition behind a step object (for the engine and tests). */
export function stepDefinition(value: unknown): StepDefinition {
  const definition = (value as { [STEP_DEFINITION]?: StepDefinition } | undefined)?.[STEP_DEFINITION];
  if (!definition) throw new KoanError("NOT_A_STEP", "Expected a step created with step()");
  return definition;
}

function toDefinition(
  config: SingleOutputStepConfig<ParamsSchema> | MultiOutputStepConfig<ParamsSchema, readonly string[]>,
  fn: StepFunction<StepInputs, ParamsSchema, unknown, never>,
): StepDefinition {
  if (!NAME_PATTERN.test(config.name)) {
    throw new KoanError(
      "INVALID_STEP_NAME",
      `Step name ${JSON.stringify(config.name)} is not valid: start with a letter; use letters, digits, _ . - (at most 100).`,
    );
  }
  if (typeof fn !== "function") throw new KoanError("INVALID_STEP", `Step "${config.name}" needs a function as its second argument.`);
  if (config.experimentTracker !== undefined && typeof config.experimentTracker !== "boolean") {
    throw new KoanError("INVALID_STEP", `Step "${config.name}": experimentTracker must be true or false.`);
  }
  const multiOutput = config.outputs !== undefined;
  const outputs = config.outputs ?? [SINGLE_OUTPUT];
  if (multiOutput) {
    if (outputs.length === 0) throw new KoanError("INVALID_STEP", `Step "${config.name}" declares an empty outputs list; omit it for a single output.`);
    const seen = new Set<string>();
    for (const output of outputs) {
      if (!NAME_PATTERN.test(output)) throw new KoanError("INVALID_STEP", `Step "${config.name}": output name ${JSON.stringify(output)} is not valid.`);
      if (seen.has(output)) throw new KoanError("INVALID_STEP", `Step "${config.name}" declares output "${output}" twice.`);
      seen.add(output);
    }
  }
  const materializers = materializersByOutput(config, outputs, multiOutput);
  const retry = { ...DEFAULT_RETRY, ...config.retry };
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) {
    throw new KoanError("INVALID_STEP", `Step "${config.name}": retry.maxAttempts must be a whole number of at least 1.`);
  }
  const version = config.version ?? null;
  return {
    name: config.name,
    version,
    sourceHash: `sha256:${sha256Hex(fn.toString())}`,
    paramsSchema: config.params,
    outputs,
    multiOutput,
    materializers,
    enableCache: config.enableCache ?? null,
    retry,
    experimentTracker: config.experimentTracker === true,
    ...(config.onFailure ? { onFailure: config.onFailure } : {}),
    ...(config.onSuccess ? { onSuccess: config.onSuccess } : {}),
    fn: fn as StepDefinition["fn"],
  };
}

function materializersByOutput(
  config: SingleOutputStepConfig<ParamsSchema> | MultiOutputStepConfig<ParamsSchema, readonly string[]>,
  outputs: readonly string[],
  multiOutput: boolean,
): Record<string, Materializer> {
  const given = config.materializer;
  if (given === undefined) return {};
  const byOutput: Record<string, Materializer> = multiOutput
    ? Object.fromEntries(Object.entries(given as Record<string, Materializer | undefined>).filter((e): e is [string, Materializer] => e[1] !== undefined))
    : { [SINGLE_OUTPUT]: given as Materializer };
  for (const [output, materializer] of Object.entries(byOutput)) {
    if (!outputs.includes(output)) {
      throw new KoanError("INVALID_STEP", `Step "${config.name}" sets a materializer for "${output}", which is not one of its outputs (${outputs.join(", ")}).`);
    }
    // Registered so the artifact can be loaded by id later, in any client.
    registerMaterializer(materializer);
  }
  return byOutput;
}

