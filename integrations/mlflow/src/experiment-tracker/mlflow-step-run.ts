import { assertValidKey, KoanError } from "@koan/core";
import type { JsonValue, LogArtifactOptions, LogMetricsOptions, TrackerRunStatus, TrackerStepRun } from "@koan/core/contracts";
import type { MlflowClient, MlflowTag } from "../client/index.js";
import { fittedParam, longParamArtifact, paramValue } from "./param-value.js";

/** One step run as an MLflow run: everything logged goes straight to the server. */
export class MlflowStepRun implements TrackerStepRun {
  #ended = false;

  constructor(
    readonly client: MlflowClient,
    /** The MLflow run id. */
    readonly id: string,
    readonly experimentId: string,
    readonly artifactRoot: string,
    readonly url: string,
  ) {}

  async logParams(params: Readonly<Record<string, JsonValue>>): Promise<void> {
    this.#assertOpen("logParams");
    const list: MlflowTag[] = [];
    for (const [key, value] of Object.entries(params)) {
      const fitted = fittedParam(key, paramValue(value));
      if (fitted.overflow) await this.#upload(longParamArtifact(key), new TextEncoder().encode(paramValue(value)), "text/plain");
      list.push({ key, value: fitted.value });
    }
    if (list.length) await this.client.runs.logBatch(this.id, { params: list });
  }

  async logMetrics(metrics: Readonly<Record<string, number>>, options: LogMetricsOptions = {}): Promise<void> {
    this.#assertOpen("logMetrics");
    // Check every value first, so a refused batch records nothing.
    for (const [key, value] of Object.entries(metrics)) {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new KoanError("INVALID_METRIC", `Metric "${key}" is ${value}; only finite numbers can be logged.`);
      }
    }
    if (options.step !== undefined && !Number.isSafeInteger(options.step)) {
      throw new KoanError("INVALID_METRIC", `Metric step ${options.step} is not an integer; MLflow counts steps in whole numbers.`);
    }
    const timestamp = (options.timestamp ?? new Date()).getTime();
    const step = options.step ?? 0;
    const list = Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp, step }));
    if (list.length) await this.client.runs.logBatch(this.id, { metrics: list });
  }

  async logArtifact(name: string, data: Uint8Array, options: LogArtifactOptions = {}): Promise<void> {
    this.#assertOpen("logArtifact");
    assertValidKey(name);
    await this.#upload(name, data, options.contentType);
  }

  async setTags(tags: Readonly<Record<string, string>>): Promise<void> {
    this.#assertOpen("setTags");
    const list = Object.entries(tags).map(([key, value]) => ({ key, value }));
    if (list.length) await this.client.runs.logBatch(this.id, { tags: list });
  }

  async end(status: TrackerRunStatus): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    await this.client.runs.update(this.id, { status: status === "completed" ? "FINISHED" : "FAILED", endTime: Date.now() });
  }

  async #upload(path: string, data: Uint8Array, contentType?: string): Promise<void> {
    await this.client.artifacts.upload(this.artifactRoot, path, data, contentType);
  }

  #assertOpen(operation: string): void {
    if (this.#ended) {
      throw new KoanError("TRACKER_RUN_ENDED", `MLflow run ${this.id} has ended; ${operation} must happen before end().`);
    }
  }
}
