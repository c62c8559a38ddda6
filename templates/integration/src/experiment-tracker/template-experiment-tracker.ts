import { randomUUID } from "node:crypto";
import { KoanError } from "@koan/core";
import type {
  ExperimentTracker,
  JsonValue,
  LogArtifactOptions,
  LogMetricsOptions,
  TrackerRunInfo,
  TrackerRunStatus,
  TrackerStepRun,
} from "@koan/core/contracts";

/** What the tracker keeps of one run: the service's side. */
export interface TrackedRun {
  readonly id: string;
  readonly runId: string;
  readonly stepId: string;
  readonly params: Record<string, JsonValue>;
  readonly metrics: Record<string, Array<{ value: number; step?: number; timestamp: Date }>>;
  readonly tags: Record<string, string>;
  readonly artifacts: Map<string, { data: Uint8Array; contentType?: string }>;
  status: "running" | TrackerRunStatus;
}

export interface TemplateExperimentTrackerOptions {
  /** The UI's address; runs have no URL without it. */
  readonly baseUrl?: string;
}

/**
 * Records runs in memory. A real tracker client makes the same calls over
 * the tracker's API (an MLflow run, a W&B run) and keeps the same rules:
 * one tracker run per step run, non-finite metrics refused, `end` final.
 */
export class TemplateExperimentTracker implements ExperimentTracker {
  readonly specVersion = 1 as const;
  readonly type = "experiment_tracker" as const;
  readonly flavor = "template";
  readonly #runs = new Map<string, TrackedRun>();

  constructor(readonly options: TemplateExperimentTrackerOptions) {}

  async startStepRun(info: TrackerRunInfo): Promise<TrackerStepRun> {
    const run: TrackedRun = {
      id: randomUUID(),
      runId: info.runId,
      stepId: info.stepId,
      params: { ...info.params },
      metrics: {},
      tags: { "koan.pipeline": info.pipelineName, "koan.run_id": info.runId, "koan.run_name": info.runName, "koan.step": info.stepId, ...info.tags },
      artifacts: new Map(),
      status: "running",
    };
    this.#runs.set(run.id, run);
    return new TemplateStepRun(run, this.#url(run));
  }

  async getRunUrl(runId: string, stepId: string): Promise<string | null> {
    const run = [...this.#runs.values()].reverse().find((r) => r.runId === runId && r.stepId === stepId);
    return run ? this.#url(run) : null;
  }

  /** The stored record of a tracker run, as the service would show it. */
  recorded(trackerRunId: string): TrackedRun | undefined {
    return this.#runs.get(trackerRunId);
  }

  #url(run: TrackedRun): string | null {
    return this.options.baseUrl ? `${this.options.baseUrl.replace(/\/$/, "")}/runs/${run.id}` : null;
  }
}

class TemplateStepRun implements TrackerStepRun {
  constructor(
    readonly run: TrackedRun,
    readonly url: string | null,
  ) {}

  get id(): string {
    return this.run.id;
  }

  async logParams(params: Readonly<Record<string, JsonValue>>): Promise<void> {
    this.#assertOpen("logParams");
    Object.assign(this.run.params, params);
  }

  async logMetrics(metrics: Readonly<Record<string, number>>, options: LogMetricsOptions = {}): Promise<void> {
    this.#assertOpen("logMetrics");
    // Check every value first, so a refused batch records nothing.
    for (const [key, value] of Object.entries(metrics)) {
      if (!Number.isFinite(value)) throw new KoanError("INVALID_METRIC", `Metric "${key}" is ${value}; only finite numbers can be logged.`);
    }
    const timestamp = options.timestamp ?? new Date();
    for (const [key, value] of Object.entries(metrics)) {
      (this.run.metrics[key] ??= []).push(options.step === undefined ? { value, timestamp } : { value, step: options.step, timestamp });
    }
  }

  async logArtifact(name: string, data: Uint8Array, options: LogArtifactOptions = {}): Promise<void> {
    this.#assertOpen("logArtifact");
    this.run.artifacts.set(name, options.contentType === undefined ? { data: data.slice() } : { data: data.slice(), contentType: options.contentType });
  }

  async setTags(tags: Readonly<Record<string, string>>): Promise<void> {
    this.#assertOpen("setTags");
    Object.assign(this.run.tags, tags);
  }

  async end(status: TrackerRunStatus): Promise<void> {
    if (this.run.status === "running") this.run.status = status;
  }

  #assertOpen(operation: string): void {
    if (this.run.status !== "running") {
      throw new KoanError("TRACKER_RUN_ENDED", `Tracker run ${this.run.id} has ended; ${operation} must happen before end().`);
    }
  }
}
