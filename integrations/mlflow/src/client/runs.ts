import type { MlflowHttp } from "./http.js";
import { tagList, type MlflowTag } from "./tags.js";

/** MLflow's run states. */
export type MlflowRunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";

/** One metric value as MLflow stores it. */
export interface MlflowMetric {
  readonly key: string;
  readonly value: number;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  readonly step: number;
}

export interface MlflowRunInfo {
  readonly run_id: string;
  readonly run_name?: string;
  readonly experiment_id: string;
  readonly status: MlflowRunStatus;
  readonly start_time?: number;
  readonly end_time?: number;
  readonly artifact_uri?: string;
  readonly lifecycle_stage: string;
}

export interface MlflowRun {
  readonly info: MlflowRunInfo;
  readonly data: {
    readonly metrics?: readonly MlflowMetric[];
    readonly params?: readonly MlflowTag[];
    readonly tags?: readonly MlflowTag[];
  };
}

/** One `log-batch` call; MLflow's limits are in `BATCH_LIMITS`. */
export interface LogBatch {
  readonly metrics?: readonly MlflowMetric[];
  readonly params?: readonly MlflowTag[];
  readonly tags?: readonly MlflowTag[];
}

/** MLflow's limits per `log-batch` request and per param value. */
export const BATCH_LIMITS = { metrics: 1000, params: 100, tags: 100, entities: 1000, paramValueLength: 6000 } as const;

/** Runs: create, get, search, update, log (batched to MLflow's limits), metric history, delete. */
export class RunsApi {
  constructor(private readonly http: MlflowHttp) {}

  async create(request: { experimentId: string; runName?: string; tags?: Readonly<Record<string, string>>; startTime?: number }): Promise<MlflowRun> {
    const reply = await this.http.json<{ run: MlflowRun }>({
      method: "POST",
      path: "/api/2.0/mlflow/runs/create",
      json: {
        experiment_id: request.experimentId,
        ...(request.runName ? { run_name: request.runName } : {}),
        start_time: request.startTime ?? Date.now(),
        tags: tagList(request.tags ?? {}),
      },
      subject: { kind: "MLflow experiment", ref: request.experimentId },
    });
    return reply.run;
  }

  async get(runId: string): Promise<MlflowRun> {
    const reply = await this.http.json<{ run: MlflowRun }>({
      method: "GET",
      path: "/api/2.0/mlflow/runs/get",
      query: { run_id: runId },
      subject: { kind: "MLflow run", ref: runId },
    });
    return reply.run;
  }

  /** Runs of the experiments matching an MLflow filter string, newest first, all pages up to `limit`. */
  async search(experimentIds: readonly string[], options: { filter?: string; limit?: number } = {}): Promise<MlflowRun[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const found: MlflowRun[] = [];
    let pageToken: string | undefined;
    do {
      const reply = await this.http.json<{ runs?: MlflowRun[]; next_page_token?: string }>({
        method: "POST",
        path: "/api/2.0/mlflow/runs/search",
        json: {
          experiment_ids: experimentIds,
          max_results: Math.min(1000, limit - found.length),
          order_by: ["attributes.start_time DESC"],
          ...(options.filter ? { filter: options.filter } : {}),
          ...(pageToken ? { page_token: pageToken } : {}),
        },
      });
      found.push(...(reply.runs ?? []));
      pageToken = reply.next_page_token || undefined;
    } while (pageToken && found.length < limit);
    return found;
  }

  async update(runId: string, update: { status?: MlflowRunStatus; endTime?: number; runName?: string }): Promise<void> {
    await this.http.json({
      method: "POST",
      path: "/api/2.0/mlflow/runs/update",
      json: {
        run_id: runId,
        ...(update.status ? { status: update.status } : {}),
        ...(update.endTime !== undefined ? { end_time: update.endTime } : {}),
        ...(update.runName ? { run_name: update.runName } : {}),
      },
      subject: { kind: "MLflow run", ref: runId },
    });
  }

  /** Logs metrics, params and tags, split into as many `log-batch` calls as MLflow's limits need. */
  async logBatch(runId: string, batch: LogBatch): Promise<void> {
    for (const part of splitBatch(batch)) {
      await this.http.json({
        method: "POST",
        path: "/api/2.0/mlflow/runs/log-batch",
        json: { run_id: runId, metrics: part.metrics ?? [], params: part.params ?? [], tags: part.tags ?? [] },
        subject: { kind: "MLflow run", ref: runId },
      });
    }
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.http.json({ method: "POST", path: "/api/2.0/mlflow/runs/set-tag", json: { run_id: runId, key, value }, subject: { kind: "MLflow run", ref: runId } });
  }

  /** Every value of one metric, all pages. */
  async metricHistory(runId: string, key: string): Promise<MlflowMetric[]> {
    const found: MlflowMetric[] = [];
    let pageToken: string | undefined;
    do {
      const reply = await this.http.json<{ metrics?: MlflowMetric[]; next_page_token?: string }>({
        method: "GET",
        path: "/api/2.0/mlflow/metrics/get-history",
        query: { run_id: runId, metric_key: key, max_results: 25000, page_token: pageToken },
        subject: { kind: "MLflow run", ref: runId },
      });
      found.push(...(reply.metrics ?? []));
      pageToken = reply.next_page_token || undefined;
    } while (pageToken);
    return found;
  }

  async delete(runId: string): Promise<void> {
    await this.http.json({ method: "POST", path: "/api/2.0/mlflow/runs/delete", json: { run_id: runId }, subject: { kind: "MLflow run", ref: runId } });
  }
}

/**
 * Splits a batch so that no request passes MLflow's limits (1000 metrics,
 * 100 params, 100 tags, 1000 entities in all). Params go first, so a batch
 * that fails on a param changes nothing else.
 */
export function splitBatch(batch: LogBatch): LogBatch[] {
  const params = [...(batch.params ?? [])];
  const tags = [...(batch.tags ?? [])];
  const metrics = [...(batch.metrics ?? [])];
  const parts: LogBatch[] = [];
  while (params.length || tags.length || metrics.length) {
    const p = params.splice(0, BATCH_LIMITS.params);
    const t = tags.splice(0, BATCH_LIMITS.tags);
    const m = metrics.splice(0, BATCH_LIMITS.entities - p.length - t.length);
    parts.push({ ...(m.length ? { metrics: m } : {}), ...(p.length ? { params: p } : {}), ...(t.length ? { tags: t } : {}) });
  }
  return parts;
}
