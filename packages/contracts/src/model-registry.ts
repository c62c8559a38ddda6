import type { StackComponent } from "./component-type.js";
import type { JsonObject } from "./json.js";

/**
 * The state of a model version's registration. Registries that copy the
 * model's files (MLflow) report `pending` until the copy is done; most are
 * `ready` at once.
 */
export type ModelVersionStatus = "pending" | "ready" | "failed";

/** The pipeline run and step that produced a model version. */
export interface ModelVersionRun {
  readonly pipeline: string;
  readonly runId: string;
  readonly stepId: string;
}

/** A registered model: a name under which versions of one model are kept. */
export interface ModelInfo {
  readonly name: string;
  readonly description: string | null;
  readonly tags: Readonly<Record<string, string>>;
  /** Alias -> version, e.g. `{ champion: "3" }`. */
  readonly aliases: Readonly<Record<string, string>>;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What to set when registering a model. */
export interface RegisterModelOptions {
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** A new version of a model. */
export interface NewModelVersion {
  /** The registered model's name; registered on the fly when missing. */
  readonly name: string;
  /** Where the model's files are: an artifact URI (`s3://...`, `file:///...`, a tracker's `runs:/...`). */
  readonly source: string;
  readonly description?: string;
  /** Free-form facts about the version (metrics, framework, input schema); round-trips as JSON. */
  readonly metadata?: JsonObject;
  readonly tags?: Readonly<Record<string, string>>;
  /** The run and step that produced the model, for lineage. */
  readonly run?: ModelVersionRun;
}

/** One version of a registered model. */
export interface ModelVersionInfo {
  /** The registered model's name. */
  readonly name: string;
  /**
   * A positive integer as a string (`"1"`, `"2"`, ...): each new version of a
   * model gets a number higher than any of its existing versions.
   */
  readonly version: string;
  /** The artifact URI the version was registered from. */
  readonly source: string;
  readonly status: ModelVersionStatus;
  readonly description: string | null;
  readonly metadata: JsonObject;
  readonly tags: Readonly<Record<string, string>>;
  /** The aliases pointing at this version, sorted. */
  readonly aliases: readonly string[];
  readonly run: ModelVersionRun | null;
  readonly createdAt: Date;
}

/**
 * Keeps models and their versions, with metadata and aliases (`champion`,
 * `production`), and resolves them for deployment: a step registers the
 * model it trained; a deploy step asks for the version an alias points at
 * and hands `modelUri(name, version)` to the model deployer.
 *
 * Aliases replace MLflow's deprecated stages: an alias names one version of
 * one model and moves when set again. Alias names are letters, digits, `_`
 * and `-`, at most 255 of them, start with a letter and are neither
 * `latest` nor `v<number>` in any case (both read as versions by some
 * registries); others are refused with `InvalidArgumentError`.
 *
 * Unknown model names, versions and aliases raise `NotFoundError`.
 */
export interface ModelRegistry extends StackComponent<"model_registry"> {
  readonly specVersion: 1;
  /** Registers a model name. Refused with `AlreadyExistsError` when it exists. */
  registerModel(name: string, options?: RegisterModelOptions): Promise<ModelInfo>;
  /** One registered model. */
  getModel(name: string): Promise<ModelInfo>;
  /** Every registered model, sorted by name. */
  listModels(): Promise<ModelInfo[]>;
  /** Deletes a model with all its versions and aliases. */
  deleteModel(name: string): Promise<void>;

  /**
   * Registers a new version of a model, registering the model first when it
   * does not exist, so a training step needs only this call. The files stay
   * where `source` points; registries that copy them may return `pending`.
   */
  registerModelVersion(version: NewModelVersion): Promise<ModelVersionInfo>;
  /** One version of a model. */
  getModelVersion(name: string, version: string): Promise<ModelVersionInfo>;
  /** Every version of a model, newest (highest number) first. */
  listModelVersions(name: string): Promise<ModelVersionInfo[]>;
  /** Deletes one version; aliases pointing at it go with it. */
  deleteModelVersion(name: string, version: string): Promise<void>;

  /** Points `alias` at a version of the model, moving it if it pointed elsewhere. */
  setAlias(name: string, alias: string, version: string): Promise<void>;
  /** Removes an alias; the version stays. */
  deleteAlias(name: string, alias: string): Promise<void>;
  /** The version an alias points at. */
  getVersionByAlias(name: string, alias: string): Promise<ModelVersionInfo>;

  /**
   * The registry's URI of one version (`models:/name/3` for MLflow), which
   * the registry's own model deployers accept as `ModelRef.uri`. Computed
   * without asking the registry, so it does not check that the version exists.
   */
  modelUri(name: string, version: string): string;
}
