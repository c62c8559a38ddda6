import { InvalidParamsError, KoanError } from "@koan/contracts";
import type { JsonObject, PipelineSpec, StepSpec } from "@koan/contracts";
import type { z } from "zod";
import type { PipelineHookContext } from "../step/step-context.js";
import type { StepDefinition } from "../step/step-definition.js";
import type { NoParams, ParamsSchema } from "../step/step-types.js";
import { assertJson } from "../util/assert-json.js";
import { formatIssues } from "../util/zod-issues.js";
import { PipelineBuild, withBuild } from "./build.js";
import { orderSpecSteps } from "./validate-spec.js";
import type { RunOptions } from "../engine/run-options.js";
import { runPipeline } from "../engine/run-pipeline.js";
import type { PipelineRun } from "../client/pipeline-run.js";

export interface PipelineConfig<S extends ParamsSchema> {
  readonly name: string;
  /** Pipeline params, passed to the body; stored with each run. */
  readonly params?: S;
  /** Default cache switch for its steps (default true). */
  readonly enableCache?: boolean;
  /** Called once when a run ends with failed steps. Errors thrown here are logged, not raised. */
  readonly onFailure?: (error: Error, context: PipelineHookContext) => void | Promise<void>;
  /** Called once when a run completes. */
  readonly onSuccess?: (context: PipelineHookContext) => void | Promise<void>;
}

/** A pipeline compiled for one set of params: the JSON spec plus the step functions. */
export interface CompiledPipeline {
  readonly spec: PipelineSpec;
  readonly definitions: ReadonlyMap<string, StepDefinition>;
  readonly config: PipelineConfig<ParamsSchema>;
}

type RunArgs<S extends ParamsSchema> = {} extends z.input<S> ? [options?: RunOptions<z.input<S>>] : [options: RunOptions<z.input<S>> & { params: z.input<S> }];
type CompileArgs<S extends ParamsSchema> = {} extends z.input<S> ? [params?: z.input<S>] : [params: z.input<S>];

export interface Pipeline<S extends ParamsSchema = NoParams> {
  readonly name: string;
  /** Runs the body to build the DAG and checks it; no step runs. */
  compile(...args: CompileArgs<S>): CompiledPipeline;
  /** Compiles and runs on the active stack (or `options.stack`). Throws `PipelineRunFailedError` if a step fails. */
  run(...args: RunArgs<S>): Promise<PipelineRun>;
}

const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;

/**
 * Defines a pipeline. The body wires steps together by calling them; it runs
 * at compile time, synchronously, and must not do work itself.
 */
export function pipeline<S extends ParamsSchema = NoParams>(config: PipelineConfig<S>, body: (params: z.output<S>) => void): Pipeline<S> {
  if (!NAME_PATTERN.test(config.name)) {
    throw new KoanError("INVALID_PIPELINE_NAME", `Pipeline name ${JSON.stringify(config.name)} is not valid: start with a letter; use letters, digits, _ . - (at most 100).`);
  }
  const compile = (rawParams?: unknown): CompiledPipeline => {
    const params = parsePipelineParams(config, rawParams);
    const build = new PipelineBuild(config.name);
    withBuild(build, () => body(params.parsed as z.output<S>));
    const steps: StepSpec[] = [...build.invocations.values()].map((inv) => ({
      id: inv.id,
      name: inv.definition.name,
      sourceHash: inv.definition.sourceHash,
      version: inv.definition.version,
      params: inv.params,
      inputs: inv.inputs,
      outputs: inv.definition.outputs.map((name) => ({ name, materializer: inv.definition.materializers[name]?.id ?? null })),
      upstream: [...new Set([...Object.values(inv.inputs).map((r) => r.step), ...inv.after])],
      enableCache: inv.enableCache,
      retry: inv.definition.retry,
    }));
    const ordered = orderSpecSteps({ name: config.name, steps });
    const spec: PipelineSpec = { specVersion: 1, name: config.name, enableCache: config.enableCache ?? true, params: params.json, steps: ordered };
    const definitions = new Map([...build.invocations.values()].map((inv) => [inv.id, inv.definition]));
    return { spec, definitions, config: config as PipelineConfig<ParamsSchema> };
  };
  return {
    name: config.name,
    compile: ((params?: unknown) => compile(params)) as Pipeline<S>["compile"],
    run: (async (options?: RunOptions<unknown>) => {
      const compiled = compile(options?.params);
      return runPipeline(compiled, options ?? {});
    }) as Pipeline<S>["run"],
  };
}

function parsePipelineParams(config: PipelineConfig<ParamsSchema>, raw: unknown): { parsed: unknown; json: JsonObject } {
  if (!config.params) return { parsed: {}, json: {} };
  const result = config.params.safeParse(raw ?? {});
  if (!result.success) throw new InvalidParamsError(`pipeline ${config.name}`, formatIssues(result.error));
  const json = assertJson(result.data, "params");
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new InvalidParamsError(`pipeline ${config.name}`, [{ path: "", message: "pipeline params must be an object" }]);
  }
  return { parsed: result.data, json };
}
