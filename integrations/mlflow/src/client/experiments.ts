import type { MlflowHttp } from "./http.js";
import { tagList, type MlflowTag } from "./tags.js";

/** An MLflow experiment as the REST API returns it. */
export interface MlflowExperiment {
  readonly experiment_id: string;
  readonly name: string;
  readonly artifact_location?: string;
  /** `active` or `deleted`. */
  readonly lifecycle_stage: string;
  readonly tags?: readonly MlflowTag[];
  readonly creation_time?: number;
  readonly last_update_time?: number;
}

/** Experiments: create, find by name or id, search, tag, delete. */
export class ExperimentsApi {
  constructor(private readonly http: MlflowHttp) {}

  async create(name: string, options: { tags?: Readonly<Record<string, string>>; artifactLocation?: string } = {}): Promise<string> {
    const reply = await this.http.json<{ experiment_id: string }>({
      method: "POST",
      path: "/api/2.0/mlflow/experiments/create",
      json: { name, ...(options.artifactLocation ? { artifact_location: options.artifactLocation } : {}), tags: tagList(options.tags ?? {}) },
      subject: { kind: "MLflow experiment", ref: name },
    });
    return reply.experiment_id;
  }

  async get(experimentId: string): Promise<MlflowExperiment> {
    const reply = await this.http.json<{ experiment: MlflowExperiment }>({
      method: "GET",
      path: "/api/2.0/mlflow/experiments/get",
      query: { experiment_id: experimentId },
      subject: { kind: "MLflow experiment", ref: experimentId },
    });
    return reply.experiment;
  }

  /** The experiment of that name (active or deleted); `NotFoundError` when there is none. */
  async getByName(name: string): Promise<MlflowExperiment> {
    const reply = await this.http.json<{ experiment: MlflowExperiment }>({
      method: "GET",
      path: "/api/2.0/mlflow/experiments/get-by-name",
      query: { experiment_name: name },
      subject: { kind: "MLflow experiment", ref: name },
    });
    return reply.experiment;
  }

  /** Every experiment matching an MLflow filter string (`tags.\`koan.pipeline\` = 'train'`), all pages. */
  async search(filter?: string): Promise<MlflowExperiment[]> {
    const found: MlflowExperiment[] = [];
    let pageToken: string | undefined;
    do {
      const reply = await this.http.json<{ experiments?: MlflowExperiment[]; next_page_token?: string }>({
        method: "POST",
        path: "/api/2.0/mlflow/experiments/search",
        json: { max_results: 1000, ...(filter ? { filter } : {}), ...(pageToken ? { page_token: pageToken } : {}) },
      });
      found.push(...(reply.experiments ?? []));
      pageToken = reply.next_page_token || undefined;
    } while (pageToken);
    return found;
  }

  async setTag(experimentId: string, key: string, value: string): Promise<void> {
    await this.http.json({
      method: "POST",
      path: "/api/2.0/mlflow/experiments/set-experiment-tag",
      json: { experiment_id: experimentId, key, value },
      subject: { kind: "MLflow experiment", ref: experimentId },
    });
  }

  async delete(experimentId: string): Promise<void> {
    await this.http.json({
      method: "POST",
      path: "/api/2.0/mlflow/experiments/delete",
      json: { experiment_id: experimentId },
      subject: { kind: "MLflow experiment", ref: experimentId },
    });
  }

  async restore(experimentId: string): Promise<void> {
    await this.http.json({
      method: "POST",
      path: "/api/2.0/mlflow/experiments/restore",
      json: { experiment_id: experimentId },
      subject: { kind: "MLflow experiment", ref: experimentId },
    });
  }
}
