import { readFile } from "node:fs/promises";
import { AlreadyExistsError, InvalidArgumentError, KoanError, NotFoundError } from "@koan/core";
import type {
  JsonObject,
  ModelInfo,
  ModelRegistry,
  ModelVersionInfo,
  ModelVersionRun,
  ModelVersionStatus,
  NewModelVersion,
  RegisterModelOptions,
} from "@koan/core/contracts";
import { filterValue, MlflowClient, tagRecord } from "../client/index.js";
import type { MlflowConnection, MlflowModelVersion, MlflowRegisteredModel } from "../client/index.js";
import { localModelFiles, localSourcePath, runIdOfSource } from "./model-files.js";

/** Tags the registry keeps on model versions for what MLflow has no field for. */
const VERSION_TAGS = {
  metadata: "koan.metadata",
  source: "koan.source",
  pipeline: "koan.pipeline",
  runId: "koan.run_id",
  stepId: "koan.step_id",
} as const;
const INTERNAL_TAGS = new Set<string>(Object.values(VERSION_TAGS));

const STATUS: Readonly<Record<string, ModelVersionStatus>> = {
  READY: "ready",
  PENDING_REGISTRATION: "pending",
  FAILED_REGISTRATION: "failed",
};

export interface MlflowModelRegistryOptions {
  readonly connection: MlflowConnection;
  /** The experiment whose runs hold model files uploaded from local paths. */
  readonly uploadExperiment?: string;
}

/**
 * MLflow's model registry: registered models, numbered versions and aliases
 * (MLflow's deprecated stages are not used). A version registered from a
 * local path (a Koan artifact in a local artifact store) has its files
 * uploaded through the server's artifact proxy first, into a run of the
 * upload experiment, because the server refuses local sources; remote
 * sources (`s3://`, `runs:/`, `mlflow-artifacts:/`) are registered as they are.
 */
export class MlflowModelRegistry implements ModelRegistry {
  readonly specVersion = 1 as const;
  readonly type = "model_registry" as const;
  readonly flavor = "mlflow";
  readonly client: MlflowClient;
  readonly #uploadExperiment: string;

  constructor(options: MlflowModelRegistryOptions) {
    this.client = new MlflowClient(options.connection);
    this.#uploadExperiment = options.uploadExperiment ?? "koan-model-registry";
  }

  async registerModel(name: string, options: RegisterModelOptions = {}): Promise<ModelInfo> {
    checkModelName(name);
    return modelInfo(
      await this.client.registry.createModel(name, {
        ...(options.description !== undefined ? { description: options.description } : {}),
        ...(options.tags ? { tags: options.tags } : {}),
      }),
    );
  }

  async getModel(name: string): Promise<ModelInfo> {
    return modelInfo(await this.client.registry.getModel(name));
  }

  async listModels(): Promise<ModelInfo[]> {
    const models = await this.client.registry.searchModels();
    return models.map(modelInfo).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async deleteModel(name: string): Promise<void> {
    await this.client.registry.deleteModel(name);
  }

  async registerModelVersion(request: NewModelVersion): Promise<ModelVersionInfo> {
    checkModelName(request.name);
    try {
      await this.client.registry.createModel(request.name);
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
    const tags: Record<string, string> = { ...request.tags, [VERSION_TAGS.source]: request.source };
    if (request.metadata && Object.keys(request.metadata).length) tags[VERSION_TAGS.metadata] = JSON.stringify(request.metadata);
    if (request.run) {
      tags[VERSION_TAGS.pipeline] = request.run.pipeline;
      tags[VERSION_TAGS.runId] = request.run.runId;
      tags[VERSION_TAGS.stepId] = request.run.stepId;
    }
    const local = localSourcePath(request.source);
    const uploaded = local === undefined ? undefined : await this.#upload(request.name, local, request.run);
    const version = await this.client.registry.createVersion({
      name: request.name,
      source: uploaded?.source ?? request.source,
      tags,
      ...(uploaded ? { runId: uploaded.runId } : runIdOfSource(request.source) ? { runId: runIdOfSource(request.source) as string } : {}),
      ...(request.description !== undefined ? { description: request.description } : {}),
    });
    return versionInfo(version);
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersionInfo> {
    checkVersion(version);
    return versionInfo(await this.client.registry.getVersion(name, version));
  }

  async listModelVersions(name: string): Promise<ModelVersionInfo[]> {
    await this.client.registry.getModel(name); // NotFoundError for an unknown model, not an empty list
    const versions = await this.client.registry.searchVersions(`name = ${filterValue(name)}`);
    return versions.map(versionInfo).sort((a, b) => Number(b.version) - Number(a.version));
  }

  async deleteModelVersion(name: string, version: string): Promise<void> {
    checkVersion(version);
    await this.client.registry.deleteVersion(name, version);
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    checkAlias(alias);
    checkVersion(version);
    await this.client.registry.getVersion(name, version); // names the missing model or version
    await this.client.registry.setAlias(name, alias, version);
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    checkAlias(alias);
    await this.client.registry.getVersionByAlias(name, alias); // NotFoundError when the alias is not set
    await this.client.registry.deleteAlias(name, alias);
  }

  async getVersionByAlias(name: string, alias: string): Promise<ModelVersionInfo> {
    checkAlias(alias);
    return versionInfo(await this.client.registry.getVersionByAlias(name, alias));
  }

  modelUri(name: string, version: string): string {
    return `models:/${name}/${version}`;
  }

  /** Uploads a local model folder (or file) into a new run of the upload experiment; returns its artifact URI. */
  async #upload(name: string, path: string, run: ModelVersionRun | undefined): Promise<{ source: string; runId: string }> {
    let files: Array<{ path: string; absolute: string }>;
    try {
      files = await localModelFiles(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new NotFoundError("model source", path, "Register a version from an existing folder or file, or from a URI the MLflow server can read");
      }
      throw error;
    }
    if (!files.length) throw new KoanError("EMPTY_MODEL_SOURCE", `The model source ${path} holds no files; nothing to register.`);
    const experimentId = await this.#experimentId();
    const created = await this.client.runs.create({
      experimentId,
      runName: `register-${name}`,
      tags: {
        "koan.kind": "model_upload",
        ...(run ? { [VERSION_TAGS.pipeline]: run.pipeline, [VERSION_TAGS.runId]: run.runId, [VERSION_TAGS.stepId]: run.stepId } : {}),
      },
    });
    const root = created.info.artifact_uri ?? "";
    try {
      for (const file of files) await this.client.artifacts.upload(root, `model/${file.path}`, await readFile(file.absolute));
      await this.client.runs.update(created.info.run_id, { status: "FINISHED", endTime: Date.now() });
    } catch (error) {
      await this.client.runs.update(created.info.run_id, { status: "FAILED", endTime: Date.now() }).catch(() => undefined);
      throw error;
    }
    return { source: `${root}/model`, runId: created.info.run_id };
  }

  async #experimentId(): Promise<string> {
    try {
      return (await this.client.experiments.getByName(this.#uploadExperiment)).experiment_id;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    try {
      return await this.client.experiments.create(this.#uploadExperiment, { tags: { "koan.managed": "true" } });
    } catch (error) {
      if (error instanceof AlreadyExistsError) return (await this.client.experiments.getByName(this.#uploadExperiment)).experiment_id;
      throw error;
    }
  }
}

function modelInfo(model: MlflowRegisteredModel): ModelInfo {
  return {
    name: model.name,
    description: model.description || null,
    tags: tagRecord(model.tags),
    aliases: Object.fromEntries((model.aliases ?? []).map((a) => [a.alias, a.version])),
    createdAt: new Date(model.creation_timestamp ?? 0),
    updatedAt: new Date(model.last_updated_timestamp ?? model.creation_timestamp ?? 0),
  };
}

function versionInfo(version: MlflowModelVersion): ModelVersionInfo {
  const all = tagRecord(version.tags);
  const tags = Object.fromEntries(Object.entries(all).filter(([key]) => !INTERNAL_TAGS.has(key)));
  const pipeline = all[VERSION_TAGS.pipeline];
  const runId = all[VERSION_TAGS.runId];
  const stepId = all[VERSION_TAGS.stepId];
  const metadata = all[VERSION_TAGS.metadata];
  return {
    name: version.name,
    version: version.version,
    source: all[VERSION_TAGS.source] ?? version.source ?? "",
    status: STATUS[version.status ?? "READY"] ?? "ready",
    description: version.description || null,
    metadata: metadata ? (JSON.parse(metadata) as JsonObject) : {},
    tags,
    aliases: [...(version.aliases ?? [])].sort(),
    run: pipeline !== undefined && runId !== undefined && stepId !== undefined ? { pipeline, runId, stepId } : null,
    createdAt: new Date(version.creation_timestamp ?? 0),
  };
}

/** Aliases as the contract allows them: a letter, then letters, digits, `_` and `-`; not `latest` nor `v<number>`. */
function checkAlias(alias: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(alias)) throw new InvalidArgumentError("alias", alias, "use a letter followed by letters, digits, _ or -");
  if (/^latest$/i.test(alias) || /^v\d+$/i.test(alias)) {
    throw new InvalidArgumentError("alias", alias, "latest and v<number> read as versions; pick another name such as champion");
  }
}

function checkVersion(version: string): void {
  if (!/^[1-9]\d*$/.test(version)) throw new InvalidArgumentError("version", version, "model versions are positive integers such as \"3\"");
}

function checkModelName(name: string): void {
  if (!name.trim()) throw new InvalidArgumentError("model name", name, "give a non-empty name");
}
