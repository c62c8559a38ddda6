import { NotFoundError } from "@koan/core";
import { MlflowApiError } from "./errors.js";
import type { MlflowHttp } from "./http.js";
import { tagList, type MlflowTag } from "./tags.js";

export interface MlflowModelVersion {
  readonly name: string;
  readonly version: string;
  readonly source?: string;
  readonly run_id?: string;
  /** `READY`, `PENDING_REGISTRATION` or `FAILED_REGISTRATION`. */
  readonly status?: string;
  readonly description?: string;
  readonly creation_timestamp?: number;
  readonly last_updated_timestamp?: number;
  readonly tags?: readonly MlflowTag[];
  readonly aliases?: readonly string[];
  /** Deprecated by MLflow in favour of aliases; read, never written. */
  readonly current_stage?: string;
}

export interface MlflowRegisteredModel {
  readonly name: string;
  readonly description?: string;
  readonly creation_timestamp?: number;
  readonly last_updated_timestamp?: number;
  readonly tags?: readonly MlflowTag[];
  readonly aliases?: ReadonlyArray<{ readonly alias: string; readonly version: string }>;
  readonly latest_versions?: readonly MlflowModelVersion[];
}

/** Registered models, their versions and aliases (stages are deprecated by MLflow and not offered). */
export class ModelRegistryApi {
  constructor(private readonly http: MlflowHttp) {}

  async createModel(name: string, options: { description?: string; tags?: Readonly<Record<string, string>> } = {}): Promise<MlflowRegisteredModel> {
    const reply = await this.http.json<{ registered_model: MlflowRegisteredModel }>({
      method: "POST",
      path: "/api/2.0/mlflow/registered-models/create",
      json: { name, tags: tagList(options.tags ?? {}), ...(options.description ? { description: options.description } : {}) },
      subject: { kind: "MLflow registered model", ref: name },
    });
    return reply.registered_model;
  }

  async getModel(name: string): Promise<MlflowRegisteredModel> {
    const reply = await this.http.json<{ registered_model: MlflowRegisteredModel }>({
      method: "GET",
      path: "/api/2.0/mlflow/registered-models/get",
      query: { name },
      subject: { kind: "MLflow registered model", ref: name },
    });
    return reply.registered_model;
  }

  /** Registered models matching an MLflow filter string (`name LIKE 'churn%'`), all pages. */
  async searchModels(filter?: string): Promise<MlflowRegisteredModel[]> {
    const found: MlflowRegisteredModel[] = [];
    let pageToken: string | undefined;
    do {
      const reply = await this.http.json<{ registered_models?: MlflowRegisteredModel[]; next_page_token?: string }>({
        method: "GET",
        path: "/api/2.0/mlflow/registered-models/search",
        query: { max_results: 1000, filter, page_token: pageToken },
      });
      found.push(...(reply.registered_models ?? []));
      pageToken = reply.next_page_token || undefined;
    } while (pageToken);
    return found;
  }

  async deleteModel(name: string): Promise<void> {
    await this.http.json({ method: "DELETE", path: "/api/2.0/mlflow/registered-models/delete", json: { name }, subject: { kind: "MLflow registered model", ref: name } });
  }

  async createVersion(request: {
    name: string;
    source: string;
    runId?: string;
    description?: string;
    tags?: Readonly<Record<string, string>>;
  }): Promise<MlflowModelVersion> {
    const reply = await this.http.json<{ model_version: MlflowModelVersion }>({
      method: "POST",
      path: "/api/2.0/mlflow/model-versions/create",
      json: {
        name: request.name,
        source: request.source,
        tags: tagList(request.tags ?? {}),
        ...(request.runId ? { run_id: request.runId } : {}),
        ...(request.description ? { description: request.description } : {}),
      },
      subject: { kind: "MLflow registered model", ref: request.name },
    });
    return reply.model_version;
  }

  async getVersion(name: string, version: string): Promise<MlflowModelVersion> {
    const reply = await this.http.json<{ model_version: MlflowModelVersion }>({
      method: "GET",
      path: "/api/2.0/mlflow/model-versions/get",
      query: { name, version },
      subject: { kind: "MLflow model version", ref: `${name}/${version}` },
    });
    return reply.model_version;
  }

  /** Every version of one model, all pages. */
  async searchVersions(filter: string): Promise<MlflowModelVersion[]> {
    const found: MlflowModelVersion[] = [];
    let pageToken: string | undefined;
    do {
      const reply = await this.http.json<{ model_versions?: MlflowModelVersion[]; next_page_token?: string }>({
        method: "GET",
        path: "/api/2.0/mlflow/model-versions/search",
        query: { filter, max_results: 10000, page_token: pageToken },
      });
      found.push(...(reply.model_versions ?? []));
      pageToken = reply.next_page_token || undefined;
    } while (pageToken);
    return found;
  }

  async deleteVersion(name: string, version: string): Promise<void> {
    await this.http.json({
      method: "DELETE",
      path: "/api/2.0/mlflow/model-versions/delete",
      json: { name, version },
      subject: { kind: "MLflow model version", ref: `${name}/${version}` },
    });
  }

  async setVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.http.json({
      method: "POST",
      path: "/api/2.0/mlflow/model-versions/set-tag",
      json: { name, version, key, value },
      subject: { kind: "MLflow model version", ref: `${name}/${version}` },
    });
  }

  /** Points an alias (`champion`) at a version, moving it from any other version. */
  async setAlias(name: string, alias: string, version: string): Promise<void> {
    await this.http.json({
      method: "POST",
      path: "/api/2.0/mlflow/registered-models/alias",
      json: { name, alias, version },
      subject: { kind: "MLflow model version", ref: `${name}/${version}` },
    });
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.http.json({
      method: "DELETE",
      path: "/api/2.0/mlflow/registered-models/alias",
      json: { name, alias },
      subject: { kind: "MLflow model alias", ref: `${name}@${alias}` },
    });
  }

  /** The version an alias points at; `NotFoundError` when the alias is not set. */
  async getVersionByAlias(name: string, alias: string): Promise<MlflowModelVersion> {
    const subject = { kind: "MLflow model alias", ref: `${name}@${alias}` };
    try {
      const reply = await this.http.json<{ model_version: MlflowModelVersion }>({
        method: "GET",
        path: "/api/2.0/mlflow/registered-models/alias",
        query: { name, alias },
        subject,
      });
      return reply.model_version;
    } catch (error) {
      // MLflow answers INVALID_PARAMETER_VALUE, not RESOURCE_DOES_NOT_EXIST, for an alias that is not set.
      if (error instanceof MlflowApiError && error.errorCode === "INVALID_PARAMETER_VALUE" && /alias .* not found/i.test(error.message)) {
        throw new NotFoundError(subject.kind, subject.ref, `Set it with setAlias("${name}", "${alias}", version)`);
      }
      throw error;
    }
  }
}
