import { AlreadyExistsError, KoanError, NotFoundError } from "@koan/core";
import type { ExperimentTracker, TrackerRunInfo, TrackerRunStatus, TrackerStepRun } from "@koan/core/contracts";
import { filterValue, MlflowClient } from "../client/index.js";
import type { MlflowConnection, MlflowRun } from "../client/index.js";
import { MlflowStepRun } from "./mlflow-step-run.js";

/** The tags Koan puts on MLflow experiments and runs, to find them again. */
export const KOAN_TAGS = {
  /** On experiments Koan created or used: `true`. */
  managed: "koan.managed",
  pipeline: "koan.pipeline",
  runId: "koan.run_id",
  runName: "koan.run_name",
  stepId: "koan.step_id",
  stepName: "koan.step_name",
  /** `pipeline_run` on the parent run, `step_run` on each step's run. */
  kind: "koan.kind",
} as const;

/** Which pipeline run a parent MLflow run stands for. */
export interface PipelineRunInfo {
  readonly pipelineName: string;
  readonly runId: string;
  readonly runName: string;
}

export interface MlflowExperimentTrackerOptions {
  readonly connection: MlflowConnection;
  /** One experiment for all pipelines; by default one per pipeline, named after it. */
  readonly experimentName?: string;
}

/**
 * Each tracked step is an MLflow run, nested (MLflow's `mlflow.parentRunId`
 * tag) under one MLflow run per pipeline run, in an experiment per pipeline.
 * The step's Koan params are logged when its run starts.
 */
export class MlflowExperimentTracker implements ExperimentTracker {
  readonly specVersion = 1 as const;
  readonly type = "experiment_tracker" as const;
  readonly flavor = "mlflow";
  readonly client: MlflowClient;
  readonly #experimentName: string | undefined;
  readonly #experiments = new Map<string, Promise<string>>();
  readonly #parentRuns = new Map<string, Promise<MlflowRun>>();
  readonly #urls = new Map<string, string>();

  constructor(options: MlflowExperimentTrackerOptions) {
    this.client = new MlflowClient(options.connection);
    this.#experimentName = options.experimentName;
  }

  async startStepRun(info: TrackerRunInfo): Promise<TrackerStepRun> {
    const experimentId = await this.experimentFor(info.pipelineName);
    const parent = await this.#parentRun(experimentId, info);
    const run = await this.client.runs.create({
      experimentId,
      runName: info.stepId,
      tags: {
        "mlflow.parentRunId": parent.info.run_id,
        "mlflow.source.name": `koan:${info.pipelineName}`,
        ...info.tags,
        [KOAN_TAGS.pipeline]: info.pipelineName,
        [KOAN_TAGS.runId]: info.runId,
        [KOAN_TAGS.runName]: info.runName,
        [KOAN_TAGS.stepId]: info.stepId,
        [KOAN_TAGS.stepName]: info.stepName,
        [KOAN_TAGS.kind]: "step_run",
      },
    });
    const url = this.client.runUrl(experimentId, run.info.run_id);
    const stepRun = new MlflowStepRun(this.client, run.info.run_id, experimentId, run.info.artifact_uri ?? "", url);
    try {
      await stepRun.logParams(info.params);
    } catch (error) {
      await stepRun.end("failed").catch(() => undefined);
      throw error;
    }
    this.#urls.set(urlKey(info.runId, info.stepId), url);
    return stepRun;
  }

  async getRunUrl(runId: string, stepId: string): Promise<string | null> {
    const known = this.#urls.get(urlKey(runId, stepId));
    if (known) return known;
    const experiments = await this.client.experiments.search(`tags.\`${KOAN_TAGS.managed}\` = 'true'`);
    const filter = `tags.\`${KOAN_TAGS.runId}\` = ${filterValue(runId)} AND tags.\`${KOAN_TAGS.stepId}\` = ${filterValue(stepId)}`;
    for (let i = 0; i < experiments.length; i += 100) {
      const ids = experiments.slice(i, i + 100).map((e) => e.experiment_id);
      const [run] = await this.client.runs.search(ids, { filter, limit: 1 });
      if (run) return this.client.runUrl(run.info.experiment_id, run.info.run_id);
    }
    return null;
  }

  /**
   * Ends the parent MLflow run of a pipeline run (FINISHED or FAILED); the
   * engine calls it when the pipeline run ends. Nothing happens when no step
   * of the run was tracked.
   */
  async endPipelineRun(info: PipelineRunInfo, status: TrackerRunStatus): Promise<void> {
    const cached = this.#parentRuns.get(info.runId);
    this.#parentRuns.delete(info.runId);
    let parent = cached ? await cached.catch(() => undefined) : undefined;
    if (!parent) {
      const experimentId = await this.#existingExperiment(this.#experimentName ?? info.pipelineName);
      if (experimentId === undefined) return;
      parent = await this.#findParentRun(experimentId, info.runId);
    }
    if (!parent) return;
    await this.client.runs.update(parent.info.run_id, { status: status === "completed" ? "FINISHED" : "FAILED", endTime: Date.now() });
  }

  /** The id of the experiment a pipeline's runs go to, created (and tagged as Koan's) when missing. */
  experimentFor(pipelineName: string): Promise<string> {
    const name = this.#experimentName ?? pipelineName;
    let pending = this.#experiments.get(name);
    if (!pending) {
      pending = this.#ensureExperiment(name, pipelineName);
      pending.catch(() => this.#experiments.delete(name));
      this.#experiments.set(name, pending);
    }
    return pending;
  }

  async #ensureExperiment(name: string, pipelineName: string): Promise<string> {
    const existing = await this.#existingExperiment(name);
    if (existing !== undefined) return existing;
    const tags: Record<string, string> = { [KOAN_TAGS.managed]: "true" };
    if (!this.#experimentName) tags[KOAN_TAGS.pipeline] = pipelineName;
    try {
      return await this.client.experiments.create(name, { tags });
    } catch (error) {
      // Another process created it between our look-up and our create.
      if (error instanceof AlreadyExistsError) return (await this.client.experiments.getByName(name)).experiment_id;
      throw error;
    }
  }

  async #existingExperiment(name: string): Promise<string | undefined> {
    try {
      const experiment = await this.client.experiments.getByName(name);
      if (experiment.lifecycle_stage === "deleted") {
        throw new KoanError(
          "MLFLOW_EXPERIMENT_DELETED",
          `The MLflow experiment "${name}" is deleted. Restore it in the MLflow UI (or with \`mlflow experiments restore\`), or set experimentName to another experiment.`,
        );
      }
      const managed = experiment.tags?.some((t) => t.key === KOAN_TAGS.managed && t.value === "true");
      if (!managed) await this.client.experiments.setTag(experiment.experiment_id, KOAN_TAGS.managed, "true");
      return experiment.experiment_id;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** One parent MLflow run per pipeline run, shared by its steps (also across processes, found by tag). */
  #parentRun(experimentId: string, info: TrackerRunInfo): Promise<MlflowRun> {
    let pending = this.#parentRuns.get(info.runId);
    if (!pending) {
      pending = (async () =>
        (await this.#findParentRun(experimentId, info.runId)) ??
        (await this.client.runs.create({
          experimentId,
          runName: info.runName,
          tags: {
            "mlflow.source.name": `koan:${info.pipelineName}`,
            [KOAN_TAGS.pipeline]: info.pipelineName,
            [KOAN_TAGS.runId]: info.runId,
            [KOAN_TAGS.runName]: info.runName,
            [KOAN_TAGS.kind]: "pipeline_run",
          },
        })))();
      pending.catch(() => this.#parentRuns.delete(info.runId));
      this.#parentRuns.set(info.runId, pending);
    }
    return pending;
  }

  async #findParentRun(experimentId: string, runId: string): Promise<MlflowRun | undefined> {
    const filter = `tags.\`${KOAN_TAGS.runId}\` = ${filterValue(runId)} AND tags.\`${KOAN_TAGS.kind}\` = 'pipeline_run'`;
    const [run] = await this.client.runs.search([experimentId], { filter, limit: 1 });
    return run;
  }
}

function urlKey(runId: string, stepId: string): string {
  return `${runId}\u0000${stepId}`;
}
