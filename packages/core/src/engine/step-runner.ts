import { KoanError } from "@koan/contracts";
import type { ArtifactRecord, JsonObject, MetadataStore, NewArtifact, PipelineSpec, RunRecord, StepOutcome, StepSpec, TrackerStepRun } from "@koan/contracts";
import { materializers } from "../materializers/materializer-registry.js";
import type { Materializer } from "../materializers/materializer.js";
import type { StepRunArtifacts } from "../client/pipeline-run.js";
import type { StepContext, StepHookContext } from "../step/step-context.js";
import type { StepDefinition } from "../step/step-definition.js";
import type { ActiveStack } from "../stack/resolve-stack.js";
import { cacheKey } from "./cache-key.js";
import { stepTracking, type StepTracking } from "./experiment-tracking.js";
import { captureLogs, StepLog, stepLogger } from "./log-capture.js";
import { artifactReader, newArtifactKey, saveArtifact } from "./materialize.js";
import { retryDelay, sleep } from "./retry.js";

export interface StepRunnerOptions {
  readonly spec: PipelineSpec;
  readonly definitions: ReadonlyMap<string, StepDefinition>;
  readonly store: MetadataStore;
  readonly stack: ActiveStack;
  readonly run: RunRecord;
  /** Run-level cache switch; overrides step and pipeline settings when set. */
  readonly enableCache: boolean | undefined;
  readonly signal: AbortSignal;
  /** Called as each step ends, for progress output. */
  readonly onStepEnd?: (stepId: string, outcome: StepOutcome) => void;
}

/**
 * Executes one step of a run: resolve its input artifacts, compute the cache
 * key, reuse a cached result or run the function (with retries), save its
 * outputs and record everything. Orchestrators call `run(stepId)`; where and
 * when is their business, what happens is this class's.
 */
export class StepRunner {
  readonly #specs: Map<string, StepSpec>;
  /** Outputs of finished steps in this run, by step id then output name. */
  readonly #outputs = new Map<string, Record<string, ArtifactRecord>>();
  /** What each step run of this process read and wrote, by step run id, so the run's view needs no re-read. */
  readonly #artifacts = new Map<string, StepRunArtifacts>();

  constructor(readonly options: StepRunnerOptions) {
    this.#specs = new Map(options.spec.steps.map((s) => [s.id, s]));
  }

  /** The artifacts of every step run this runner recorded, by step run id. */
  get recordedArtifacts(): ReadonlyMap<string, StepRunArtifacts> {
    return this.#artifacts;
  }

  async run(stepId: string): Promise<StepOutcome> {
    const outcome = await this.#run(stepId);
    this.options.onStepEnd?.(stepId, outcome);
    return outcome;
  }

  async #run(stepId: string): Promise<StepOutcome> {
    const spec = this.#specs.get(stepId);
    const definition = this.options.definitions.get(stepId);
    if (!spec || !definition) throw new KoanError("UNKNOWN_STEP", `Run ${this.options.run.name} has no step "${stepId}"`);
    const { store, stack, run } = this.options;
    const artifactStore = stack.components.artifactStore;

    const inputs = await this.#inputArtifacts(spec);
    const key = cacheKey(spec, inputs, artifactStore.identity);
    const params = (spec.params ?? {}) as JsonObject;
    const stepRun = await store.createStepRun({
      runId: run.id,
      stepId,
      stepName: spec.name,
      status: "running",
      params,
      inputs: Object.fromEntries(Object.entries(inputs).map(([name, a]) => [name, a.id])),
    });

    if (this.#cacheEnabled(spec, definition)) {
      const hit = await store.findCacheHit(key);
      if (hit && (await this.#outputsStillStored(hit.outputs))) {
        await store.finishStepRun(stepRun.id, {
          status: "cached",
          cacheKey: key,
          cachedFromId: hit.stepRun.id,
          outputs: Object.fromEntries(Object.entries(hit.outputs).map(([name, a]) => [name, a.id])),
          metadata: {},
        });
        this.#outputs.set(stepId, { ...hit.outputs });
        this.#artifacts.set(stepRun.id, { inputs, outputs: { ...hit.outputs } });
        return { stepId, status: "cached" };
      }
    }

    const log = new StepLog();
    const hookContext: StepHookContext = {
      pipelineName: this.options.spec.name,
      runId: run.id,
      runName: run.name,
      stepId,
      stepName: spec.name,
      stack: stack.components,
    };
    const tracking = stepTracking(definition, stack.components.experimentTracker, { pipelineName: this.options.spec.name, run, spec });
    let attempt = 0;
    let saved: NewArtifact[] | undefined;
    let lastError: Error = new Error("the step did not run");
    // Only the function and its outputs are retried; recording the result is not part of an attempt.
    for (attempt = 1; attempt <= spec.retry.maxAttempts; attempt++) {
      try {
        saved = await captureLogs(log, () => this.#attempt(spec, definition, inputs, attempt, tracking));
        break;
      } catch (error) {
        lastError = error instanceof Error ? error : new Error(String(error));
        log.add("error", [`attempt ${attempt} of ${spec.retry.maxAttempts} failed:`, lastError]);
        if (attempt < spec.retry.maxAttempts && !this.options.signal.aborted) {
          const delay = retryDelay(spec.retry, attempt);
          log.add("info", [`retrying in ${delay} ms`]);
          await sleep(delay, this.options.signal);
        } else break;
      }
    }
    const metadata = (await tracking?.end(saved ? "completed" : "failed", log)) ?? {};
    if (saved) {
      // The hook runs before the log is stored, so what it prints (or throws) is kept with the step.
      await runHook(log, `onSuccess of step "${stepId}"`, () => definition.onSuccess?.(hookContext));
      const logsKey = await this.#saveLog(stepId, log);
      const finished = await store.finishStepRun(stepRun.id, { status: "completed", cacheKey: key, attempts: attempt, outputs: saved, logsKey, metadata });
      // The records of the outputs come back from the write itself: no read-back per step.
      const outputs = { ...finished.outputs };
      this.#outputs.set(stepId, outputs);
      this.#artifacts.set(stepRun.id, { inputs, outputs });
      return { stepId, status: "completed" };
    }
    await runHook(log, `onFailure of step "${stepId}"`, () => definition.onFailure?.(lastError, hookContext));
    const logsKey = await this.#saveLog(stepId, log);
    await store.finishStepRun(stepRun.id, {
      status: "failed",
      attempts: Math.min(attempt, spec.retry.maxAttempts),
      error: `${lastError.name}: ${lastError.message}`,
      logsKey,
      metadata,
    });
    this.#artifacts.set(stepRun.id, { inputs, outputs: {} });
    return { stepId, status: "failed", error: { name: lastError.name, message: lastError.message } };
  }

  /** One try: load inputs, call the function, save every output. */
  async #attempt(
    spec: StepSpec,
    definition: StepDefinition,
    inputs: Record<string, ArtifactRecord>,
    attempt: number,
    tracking: StepTracking | undefined,
  ): Promise<NewArtifact[]> {
    const { stack, run } = this.options;
    const trackerRun = await tracking?.open();
    const artifactStore = stack.components.artifactStore;
    const values: Record<string, unknown> = {};
    for (const [name, artifact] of Object.entries(inputs)) {
      values[name] = await materializers.get(artifact.materializer).load(artifactReader(artifactStore, artifact.key, artifact.metadata));
    }
    const extraMetadata = new Map<string | undefined, JsonObject>();
    const context: StepContext & { experimentTracker?: TrackerStepRun } = {
      pipelineName: this.options.spec.name,
      runId: run.id,
      runName: run.name,
      stepId: spec.id,
      stepName: spec.name,
      attempt,
      stack: stack.components,
      logger: stepLogger(spec.id),
      signal: this.options.signal,
      ...(trackerRun ? { experimentTracker: trackerRun } : {}),
      addOutputMetadata(metadata, output) {
        if (output !== undefined && !definition.outputs.includes(output)) {
          throw new KoanError("UNKNOWN_OUTPUT", `addOutputMetadata: step "${spec.id}" has no output "${output}" (it has ${definition.outputs.join(", ")})`);
        }
        extraMetadata.set(output, { ...extraMetadata.get(output), ...metadata });
      },
    };
    const returned = await definition.fn(values, parseParams(definition, spec), context);
    const byOutput = splitOutputs(spec.id, definition, returned);
    const saved: NewArtifact[] = [];
    try {
      for (const output of spec.outputs) {
        const value = byOutput[output.name];
        const materializer: Materializer =
          definition.materializers[output.name] ?? materializers.choose(value, `output "${output.name}" of step "${spec.id}"`);
        saved.push(
          await saveArtifact({
            store: artifactStore,
            key: newArtifactKey(this.options.spec.name, spec.id, output.name),
            value,
            materializer,
            outputName: output.name,
            extraMetadata: { ...extraMetadata.get(undefined), ...extraMetadata.get(output.name) },
          }),
        );
      }
    } catch (error) {
      // Nothing points at these yet; remove them so a failed step leaves no stray objects.
      await Promise.allSettled(saved.map((a) => artifactStore.deletePrefix(`${a.key}/`)));
      throw error;
    }
    return saved;
  }

  #cacheEnabled(spec: StepSpec, definition: StepDefinition): boolean {
    if (definition.neverCache) return false;
    return this.options.enableCache ?? spec.enableCache ?? this.options.spec.enableCache;
  }

  async #inputArtifacts(spec: StepSpec): Promise<Record<string, ArtifactRecord>> {
    const inputs: Record<string, ArtifactRecord> = {};
    for (const [name, ref] of Object.entries(spec.inputs)) {
      const produced = this.#outputs.get(ref.step) ?? (await this.#outputsFromStore(ref.step));
      const artifact = produced[ref.output];
      if (!artifact) {
        throw new KoanError("MISSING_INPUT", `Step "${spec.id}" needs output "${ref.output}" of "${ref.step}", which has not been produced in run ${this.options.run.name}`);
      }
      inputs[name] = artifact;
    }
    return inputs;
  }

  /** Outputs of a step that ran in another process of this run (distributed orchestrators). */
  async #outputsFromStore(stepId: string): Promise<Record<string, ArtifactRecord>> {
    const steps = await this.options.store.listStepRuns(this.options.run.id);
    const done = steps.find((s) => s.stepId === stepId && (s.status === "completed" || s.status === "cached"));
    if (!done) return {};
    const outputs = await this.#recordedOutputs(done.id);
    this.#outputs.set(stepId, outputs);
    return outputs;
  }

  async #recordedOutputs(stepRunId: string): Promise<Record<string, ArtifactRecord>> {
    const links = await this.options.store.listStepArtifacts(stepRunId);
    return Object.fromEntries(links.filter((l) => l.direction === "output").map((l) => [l.name, l.artifact]));
  }

  /** A cache hit is only good while its artifacts are still in the store. */
  async #outputsStillStored(outputs: Readonly<Record<string, ArtifactRecord>>): Promise<boolean> {
    const store = this.options.stack.components.artifactStore;
    for (const artifact of Object.values(outputs)) {
      if (artifact.storeIdentity !== store.identity) return false;
      const keys = store.list(`${artifact.key}/`)[Symbol.asyncIterator]();
      const first = await keys.next();
      await keys.return?.();
      if (first.done) return false;
    }
    return true;
  }

  async #saveLog(stepId: string, log: StepLog): Promise<string | null> {
    const text = log.text();
    if (!text) return null;
    const key = `logs/${this.options.run.id}/${stepId}.log`;
    await this.options.stack.components.artifactStore.put(key, Buffer.from(text, "utf8"));
    return key;
  }
}

function parseParams(definition: StepDefinition, spec: StepSpec): unknown {
  // Params were validated at compile time; parsing again restores zod
  // transforms' output types exactly as the function declared them.
  return definition.paramsSchema ? definition.paramsSchema.parse(spec.params) : {};
}

function splitOutputs(stepId: string, definition: StepDefinition, returned: unknown): Record<string, unknown> {
  if (!definition.multiOutput) return { [definition.outputs[0] as string]: returned };
  if (returned === null || typeof returned !== "object") {
    throw new KoanError("INVALID_OUTPUT", `Step "${stepId}" declares outputs ${definition.outputs.join(", ")} but returned ${returned === null ? "null" : typeof returned}; return an object with those keys.`);
  }
  const keys = Object.keys(returned);
  const missing = definition.outputs.filter((o) => !keys.includes(o));
  const extra = keys.filter((k) => !definition.outputs.includes(k));
  if (missing.length || extra.length) {
    throw new KoanError(
      "INVALID_OUTPUT",
      `Step "${stepId}" declares outputs ${definition.outputs.join(", ")} but returned an object` +
        (missing.length ? ` without ${missing.join(", ")}` : "") +
        (extra.length ? `${missing.length ? " and" : ""} with undeclared ${extra.join(", ")}` : ""),
    );
  }
  return returned as Record<string, unknown>;
}

async function runHook(log: StepLog, what: string, hook: () => void | Promise<void> | undefined): Promise<void> {
  try {
    await hook();
  } catch (error) {
    log.add("error", [`${what} threw:`, error]);
    process.stderr.write(`koan: ${what} threw: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
