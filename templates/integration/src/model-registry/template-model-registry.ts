import { AlreadyExistsError, InvalidArgumentError, NotFoundError } from "@koan/core";
import type { ModelInfo, ModelRegistry, ModelVersionInfo, NewModelVersion, RegisterModelOptions } from "@koan/core/contracts";

/** What the registry keeps per model; aliases live on the model, so moving one is a single write. */
interface StoredModel {
  readonly name: string;
  readonly description: string | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAt: Date;
  updatedAt: Date;
  readonly versions: Map<string, Omit<ModelVersionInfo, "aliases">>;
  /** Alias -> version. */
  readonly aliases: Map<string, string>;
  /** Numbers are never reused, even after a delete, so a version number always means one set of files. */
  nextVersion: number;
}

const ALIAS_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,254}$/;
const VERSION_LIKE = /^(latest|v\d+)$/i;

/**
 * A model registry in memory. Replace it with a client of your registry:
 * keep the error types (`NotFoundError`, `AlreadyExistsError`,
 * `InvalidArgumentError`) and the ordering the contract asks for.
 */
export class TemplateModelRegistry implements ModelRegistry {
  readonly type = "model_registry" as const;
  readonly flavor = "template";
  readonly specVersion = 1 as const;
  readonly #models = new Map<string, StoredModel>();

  async registerModel(name: string, options: RegisterModelOptions = {}): Promise<ModelInfo> {
    if (this.#models.has(name)) {
      throw new AlreadyExistsError("model", name, "Register a new version with registerModelVersion, or choose another name");
    }
    const now = new Date();
    const model: StoredModel = {
      name,
      description: options.description ?? null,
      tags: { ...options.tags },
      createdAt: now,
      updatedAt: now,
      versions: new Map(),
      aliases: new Map(),
      nextVersion: 1,
    };
    this.#models.set(name, model);
    return modelInfo(model);
  }

  async getModel(name: string): Promise<ModelInfo> {
    return modelInfo(this.#model(name));
  }

  async listModels(): Promise<ModelInfo[]> {
    return [...this.#models.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(modelInfo);
  }

  async deleteModel(name: string): Promise<void> {
    this.#model(name);
    this.#models.delete(name);
  }

  async registerModelVersion(request: NewModelVersion): Promise<ModelVersionInfo> {
    if (!this.#models.has(request.name)) await this.registerModel(request.name);
    const model = this.#model(request.name);
    const version = String(model.nextVersion++);
    const createdAt = new Date();
    model.versions.set(version, {
      name: model.name,
      version,
      source: request.source,
      // Nothing is copied here, so a version is usable at once.
      status: "ready",
      description: request.description ?? null,
      metadata: structuredClone(request.metadata ?? {}),
      tags: { ...request.tags },
      run: request.run ? { ...request.run } : null,
      createdAt,
    });
    model.updatedAt = createdAt;
    return versionInfo(model, version);
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersionInfo> {
    return versionInfo(this.#model(name), version);
  }

  async listModelVersions(name: string): Promise<ModelVersionInfo[]> {
    const model = this.#model(name);
    return [...model.versions.keys()].sort((a, b) => Number(b) - Number(a)).map((v) => versionInfo(model, v));
  }

  async deleteModelVersion(name: string, version: string): Promise<void> {
    const model = this.#model(name);
    versionInfo(model, version);
    model.versions.delete(version);
    for (const [alias, target] of model.aliases) if (target === version) model.aliases.delete(alias);
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    checkAlias(alias);
    const model = this.#model(name);
    versionInfo(model, version);
    model.aliases.set(alias, version);
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    if (!this.#model(name).aliases.delete(alias)) throw missingAlias(name, alias);
  }

  async getVersionByAlias(name: string, alias: string): Promise<ModelVersionInfo> {
    const model = this.#model(name);
    const version = model.aliases.get(alias);
    if (version === undefined) throw missingAlias(name, alias);
    return versionInfo(model, version);
  }

  modelUri(name: string, version: string): string {
    return `models:/${encodeURIComponent(name)}/${encodeURIComponent(version)}`;
  }

  #model(name: string): StoredModel {
    const model = this.#models.get(name);
    if (!model) throw new NotFoundError("model", name, "listModels() shows the registered models");
    return model;
  }
}

function modelInfo(model: StoredModel): ModelInfo {
  return {
    name: model.name,
    description: model.description,
    tags: { ...model.tags },
    aliases: Object.fromEntries(model.aliases),
    createdAt: model.createdAt,
    updatedAt: model.updatedAt,
  };
}

function versionInfo(model: StoredModel, version: string): ModelVersionInfo {
  const stored = model.versions.get(version);
  if (!stored) throw new NotFoundError("model version", `${model.name}/${version}`, `listModelVersions("${model.name}") shows its versions`);
  const aliases = [...model.aliases].filter(([, target]) => target === version).map(([alias]) => alias).sort();
  return { ...stored, metadata: structuredClone(stored.metadata), tags: { ...stored.tags }, aliases };
}

function checkAlias(alias: string): void {
  if (!ALIAS_PATTERN.test(alias) || VERSION_LIKE.test(alias)) {
    throw new InvalidArgumentError(
      "alias",
      alias,
      "use letters, digits, _ and - (at most 255), starting with a letter; `latest` and `v<number>` are read as versions",
    );
  }
}

function missingAlias(name: string, alias: string): NotFoundError {
  return new NotFoundError("alias", `${name}@${alias}`, `getModel("${name}").aliases shows the model's aliases`);
}
