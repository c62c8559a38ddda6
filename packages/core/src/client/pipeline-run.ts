import { KoanError } from "@koan/contracts";
import type { ArtifactRecord, RunRecord } from "@koan/contracts";
import { ArtifactView } from "./artifact-view.js";
import type { ClientContext } from "./client-context.js";
import { isRunOrphaned } from "./run-liveness.js";
import { StepRunView } from "./step-run-view.js";

/** The artifacts one step run read and wrote, by input and output name, as recorded in the store. */
export interface StepRunArtifacts {
  readonly inputs: Readonly<Record<string, ArtifactRecord>>;
  readonly outputs: Readonly<Record<string, ArtifactRecord>>;
}

/** A pipeline run with its steps, read when the view was made. */
export class PipelineRun {
  private constructor(
    readonly record: RunRecord,
    /** Steps in the order they started. */
    readonly steps: readonly StepRunView[],
    readonly context: ClientContext,
  ) {}

  /**
   * Reads a run's steps and their artifacts from the store. `known` holds
   * the artifacts of step runs the caller already has (the engine, which
   * recorded them): those are not read again, saving one query per step.
   */
  static async load(record: RunRecord, context: ClientContext, known?: ReadonlyMap<string, StepRunArtifacts>): Promise<PipelineRun> {
    const records = await context.store.listStepRuns(record.id);
    const steps = await Promise.all(
      records.map(async (stepRecord) => {
        const views = (artifacts: Readonly<Record<string, ArtifactRecord>>) =>
          Object.fromEntries(Object.keys(artifacts).sort().map((name) => [name, new ArtifactView(artifacts[name] as ArtifactRecord, context)]));
        const artifacts = known?.get(stepRecord.id);
        if (artifacts) return new StepRunView(stepRecord, views(artifacts.inputs), views(artifacts.outputs), context);
        const links = await context.store.listStepArtifacts(stepRecord.id);
        const pick = (direction: "input" | "output") =>
          Object.fromEntries(links.filter((l) => l.direction === direction).map((l) => [l.name, new ArtifactView(l.artifact, context)]));
        return new StepRunView(stepRecord, pick("input"), pick("output"), context);
      }),
    );
    return new PipelineRun(record, steps, context);
  }

  get id(): string {
    return this.record.id;
  }
  get name(): string {
    return this.record.name;
  }
  get status(): RunRecord["status"] {
    return this.record.status;
  }
  get pipelineName(): string {
    return this.record.pipelineName;
  }
  /** Recorded as running, but its process on this host is gone (killed or crashed). */
  get orphaned(): boolean {
    return isRunOrphaned(this.record);
  }
  /** Wall time in milliseconds, or null while running. */
  get durationMs(): number | null {
    return this.record.endedAt ? Date.parse(this.record.endedAt) - Date.parse(this.record.startedAt) : null;
  }

  /** One step by its id in the pipeline. */
  step(id: string): StepRunView {
    const found = this.steps.find((s) => s.id === id);
    if (!found) throw new KoanError("UNKNOWN_STEP", `Run ${this.name} has no step "${id}"; it has ${this.steps.map((s) => s.id).join(", ")}`);
    return found;
  }
}
