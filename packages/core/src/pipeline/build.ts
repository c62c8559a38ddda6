import { InvalidParamsError, KoanError, PipelineCompileError } from "@koan/contracts";
import type { JsonValue, OutputRef } from "@koan/contracts";
import { Handle } from "../step/output-handle.js";
import type { StepDefinition } from "../step/step-definition.js";
import type { InvocationOptions } from "../step/step-types.js";
import { assertJson } from "../util/assert-json.js";
import { formatIssues } from "../util/zod-issues.js";

/** One step call recorded while a pipeline body runs. */
export interface Invocation {
  readonly id: string;
  readonly definition: StepDefinition;
  readonly params: JsonValue;
  readonly inputs: Record<string, OutputRef>;
  readonly after: readonly string[];
  readonly enableCache: boolean | null;
}

/**
 * Records step calls while a pipeline body runs. Bodies are synchronous, so
 * one module-level "current build" is enough and needs no async context.
 */
export class PipelineBuild {
  readonly id = Symbol("koan.build");
  readonly invocations = new Map<string, Invocation>();

  constructor(readonly pipelineName: string) {}

  invoke(definition: StepDefinition, rawInputs: unknown, rawParams: unknown, rawOptions: unknown): unknown {
    const options = (rawOptions ?? {}) as InvocationOptions;
    const id = options.id ?? definition.name;
    const existing = this.invocations.get(id);
    if (existing) {
      throw new PipelineCompileError(
        this.pipelineName,
        `two steps are named "${id}"${existing.definition === definition ? " (the same step called twice)" : ""}. ` +
          `Step names must be unique in a pipeline: rename one, or call it with an id: ${definition.name}(inputs, params, { id: "${id}_2" }).`,
        [id],
      );
    }
    const inputs = this.#inputs(id, rawInputs);
    const params = this.#params(id, definition, rawParams);
    const after = (options.after ?? []).flatMap((entry) =>
      entry instanceof Handle ? [this.#ref(id, "after", entry).step] : Object.values(entry).map((h) => this.#ref(id, "after", h).step),
    );
    this.invocations.set(id, {
      id,
      definition,
      params,
      inputs,
      after: [...new Set(after)],
      enableCache: options.enableCache ?? definition.enableCache,
    });
    if (!definition.multiOutput) return new Handle(this.id, id, definition.outputs[0] as string);
    return Object.fromEntries(definition.outputs.map((name) => [name, new Handle(this.id, id, name)]));
  }

  #inputs(stepId: string, raw: unknown): Record<string, OutputRef> {
    if (raw === undefined) return {};
    if (raw === null || typeof raw !== "object" || raw instanceof Handle) {
      throw new PipelineCompileError(
        this.pipelineName,
        `step "${stepId}" takes its inputs as an object of step outputs, e.g. ${stepId}({ data: output })`,
        [stepId],
      );
    }
    const refs: Record<string, OutputRef> = {};
    for (const [name, value] of Object.entries(raw)) refs[name] = this.#ref(stepId, `input "${name}"`, value);
    return refs;
  }

  #ref(stepId: string, what: string, value: unknown): OutputRef {
    if (!(value instanceof Handle)) {
      throw new PipelineCompileError(
        this.pipelineName,
        `${what} of step "${stepId}" is not a step output (got ${describe(value)}). Pass the value an earlier step returned in this pipeline body.`,
        [stepId],
      );
    }
    if (value.buildId !== this.id) {
      throw new PipelineCompileError(
        this.pipelineName,
        `${what} of step "${stepId}" is an output of "${value.step}" from another pipeline build, which no step of this pipeline produces.`,
        [stepId, value.step],
      );
    }
    return { step: value.step, output: value.output };
  }

  #params(stepId: string, definition: StepDefinition, raw: unknown): JsonValue {
    if (!definition.paramsSchema) {
      if (raw !== undefined && !(typeof raw === "object" && raw !== null && Object.keys(raw).length === 0)) {
        throw new InvalidParamsError(stepId, [{ path: "", message: "this step declares no params; add a params schema to step()" }]);
      }
      return {};
    }
    const result = definition.paramsSchema.safeParse(raw ?? {});
    if (!result.success) throw new InvalidParamsError(stepId, formatIssues(result.error));
    try {
      return assertJson(result.data, "params");
    } catch (error) {
      throw new InvalidParamsError(stepId, [{ path: "", message: (error as Error).message }]);
    }
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "object") return `an ${(value as object).constructor?.name ?? "object"}`;
  return `a ${typeof value}`;
}

let current: PipelineBuild | undefined;

export function currentBuild(): PipelineBuild | undefined {
  return current;
}

/** Runs a pipeline body with `build` recording its step calls. */
export function withBuild(build: PipelineBuild, body: () => unknown): void {
  if (current) {
    throw new KoanError(
      "NESTED_PIPELINE",
      `Pipeline "${build.pipelineName}" was compiled inside the body of pipeline "${current.pipelineName}". Compile pipelines one at a time.`,
    );
  }
  current = build;
  try {
    const result = body();
    if (result instanceof Promise) {
      result.catch(() => undefined);
      throw new KoanError(
        "ASYNC_PIPELINE_BODY",
        `The body of pipeline "${build.pipelineName}" returned a Promise. Pipeline bodies only wire steps and must be synchronous; do async work inside steps.`,
      );
    }
  } finally {
    current = undefined;
  }
}
