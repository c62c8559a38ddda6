import type { ComponentType } from "./component-type.js";
import type { JsonObject } from "./json.js";
import type { PipelineSpec } from "./pipeline-spec.js";

/*
 * The metadata store records everything about runs: pipelines and their
 * compiled specs, runs, step runs, artifacts, which step read and wrote which
 * artifact, and the registered stacks and components. It is not a stack
 * component: a project has one (`.koan/koan.db` by default), whatever stack
 * it runs on. Ids are time-ordered strings (UUIDv7), so ordering by id is
 * ordering by creation. Timestamps are ISO-8601 strings in UTC.
 */

export type RunStatus = "running" | "completed" | "failed";
export type StepRunStatus = "running" | "completed" | "cached" | "failed" | "skipped";

export interface PipelineRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

/** One distinct compiled spec of a pipeline, stored once per content hash. */
export interface PipelineVersionRecord {
  readonly id: string;
  readonly pipelineId: string;
  readonly specHash: string;
  readonly spec: PipelineSpec;
  readonly createdAt: string;
}

export interface RunRecord {
  readonly id: string;
  /** Human-readable and unique, e.g. `training-2026-11-26T15-04-05-1a2b`. */
  readonly name: string;
  readonly pipelineId: string;
  readonly pipelineName: string;
  readonly pipelineVersionId: string;
  readonly status: RunStatus;
  readonly stackName: string;
  /** The stack's components (type -> flavor and config, secrets unresolved) as they were at run start. */
  readonly stack: JsonObject;
  readonly params: JsonObject;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly error: string | null;
  /** Where the run's process ran; lets a client tell a crashed run from a live one. */
  readonly host: string;
  readonly pid: number;
  readonly metadata: JsonObject;
}

export interface StepRunRecord {
  readonly id: string;
  readonly runId: string;
  /** The invocation id inside the pipeline. */
  readonly stepId: string;
  /** The step definition's name. */
  readonly stepName: string;
  readonly status: StepRunStatus;
  readonly cacheKey: string | null;
  /** For a `cached` step: the step run whose outputs it reused. */
  readonly cachedFromId: string | null;
  readonly params: JsonObject | null;
  readonly attempts: number;
  readonly startedAt: string;
  readonly endedAt: string | null;
  /** Artifact store key of the captured log, if any. */
  readonly logsKey: string | null;
  readonly error: string | null;
  readonly metadata: JsonObject;
}

export interface ArtifactRecord {
  readonly id: string;
  /** Key in the artifact store: a prefix under which the materializer wrote its files. */
  readonly key: string;
  /** Full URI for people (`file:///...`, `s3://...`). */
  readonly uri: string;
  /** Identity of the artifact store that holds it. */
  readonly storeIdentity: string;
  /** Id of the materializer that wrote it; loading uses exactly this one. */
  readonly materializer: string;
  /** A short type name for people, e.g. `Array`, `Float64Array`, `string`. */
  readonly dataType: string;
  readonly size: number;
  /** `blake3:<64 hex digits>`: BLAKE3 over each stored file's name and BLAKE3 digest, in write order. */
  readonly contentHash: string;
  readonly metadata: JsonObject;
  readonly producerStepRunId: string;
  readonly producerRunId: string;
  readonly outputName: string;
  readonly createdAt: string;
}

export interface StepArtifactLink {
  readonly name: string;
  readonly direction: "input" | "output";
  readonly artifact: ArtifactRecord;
}

export interface ArtifactLineage {
  /** The step run that produced it. */
  readonly producer: StepRunRecord;
  /** Every step run that read it, or reused it from the cache. */
  readonly consumers: ReadonlyArray<{ readonly stepRun: StepRunRecord; readonly name: string; readonly direction: "input" | "output" }>;
}

export interface ComponentRecord {
  readonly id: string;
  readonly name: string;
  readonly type: ComponentType;
  readonly flavor: string;
  /** Config as registered; secret references (`{{name.key}}`) stay unresolved. */
  readonly config: JsonObject;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface StackRecord {
  readonly id: string;
  readonly name: string;
  /** Component type -> component name. */
  readonly components: Readonly<Partial<Record<ComponentType, string>>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Keyset pagination: newest first; pass the last id you saw as `before` for the next page. */
export interface PageQuery {
  readonly limit?: number;
  readonly before?: string;
}

export interface RunQuery extends PageQuery {
  readonly pipeline?: string;
  readonly status?: RunStatus;
}

export interface ArtifactQuery extends PageQuery {
  readonly runId?: string;
}

export interface NewRun {
  readonly name: string;
  readonly pipelineVersionId: string;
  readonly stackName: string;
  readonly stack: JsonObject;
  readonly params: JsonObject;
  readonly host: string;
  readonly pid: number;
}

export interface NewStepRun {
  readonly runId: string;
  readonly stepId: string;
  readonly stepName: string;
  readonly status: "running" | "skipped";
  readonly params: JsonObject | null;
  /** Artifacts read by the step, by input name. */
  readonly inputs: Readonly<Record<string, string>>;
}

export interface NewArtifact {
  readonly key: string;
  readonly uri: string;
  readonly storeIdentity: string;
  readonly materializer: string;
  readonly dataType: string;
  readonly size: number;
  readonly contentHash: string;
  readonly metadata: JsonObject;
  readonly outputName: string;
}

/** How a step run ends. Written in one transaction: no output is visible before its step is. */
export type StepRunEnd =
  | {
      readonly status: "completed";
      readonly cacheKey: string | null;
      readonly attempts: number;
      readonly outputs: readonly NewArtifact[];
      readonly logsKey: string | null;
      readonly metadata: JsonObject;
    }
  | {
      readonly status: "cached";
      readonly cacheKey: string;
      readonly cachedFromId: string;
      /** Output name -> the earlier artifact's id. */
      readonly outputs: Readonly<Record<string, string>>;
      readonly metadata: JsonObject;
    }
  | {
      readonly status: "failed";
      readonly attempts: number;
      readonly error: string;
      readonly logsKey: string | null;
      readonly metadata: JsonObject;
    };

/**
 * A step run as `finishStepRun` recorded it, with the artifacts linked as
 * its outputs in that same transaction, so the caller need not read them
 * back: for a completed step the artifacts it produced, for a cached one
 * the earlier artifacts it reused, for a failed one none.
 */
export interface FinishedStepRun extends StepRunRecord {
  /** Output name -> artifact, exactly as `listStepArtifacts` would return it. */
  readonly outputs: Readonly<Record<string, ArtifactRecord>>;
}

export interface CacheHit {
  readonly stepRun: StepRunRecord;
  /** Output name -> artifact. */
  readonly outputs: Readonly<Record<string, ArtifactRecord>>;
}

/**
 * State a component keeps in the project's metadata store so that another
 * process can find it: a model deployer's services, a tracker's pipeline-level
 * runs. Records are owned by a component type and grouped by `kind`; `key`
 * is unique within (componentType, kind). The store does not interpret
 * `data`.
 */
export interface ComponentStateRecord {
  readonly id: string;
  readonly componentType: ComponentType;
  /** The registered component that wrote it, when the record belongs to one component rather than the type. */
  readonly componentName: string | null;
  /** What the record is, chosen by the component, e.g. `"model_service"`. */
  readonly kind: string;
  /** Unique within (componentType, kind), e.g. a service id. */
  readonly key: string;
  readonly data: JsonObject;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Names one component state record. */
export interface ComponentStateKey {
  readonly componentType: ComponentType;
  /** Letters, digits and `_ - . :`, 1 to 100 characters. */
  readonly kind: string;
  /** Any non-empty string up to 1000 characters. */
  readonly key: string;
}

/** What to write. */
export interface ComponentStateWrite extends ComponentStateKey {
  readonly componentName?: string | null;
  readonly data: JsonObject;
  /**
   * True: create only, refusing with `AlreadyExistsError` when the key exists
   * (a deployer claiming a service name). False (default): create or
   * replace `data` and `componentName`, keeping `id` and `createdAt`.
   */
  readonly ifAbsent?: boolean;
}

/** Which records to list; every given field must match. */
export interface ComponentStateQuery {
  readonly componentType: ComponentType;
  readonly kind: string;
  /** Only the records of this component; `null` for records of no component. */
  readonly componentName?: string | null;
}

export interface MetadataStore {
  readonly specVersion: 1;
  /** Where it is, for people: `sqlite:/path/koan.db`, `postgres://host/db` (no password). */
  readonly url: string;

  savePipelineVersion(name: string, specHash: string, spec: PipelineSpec): Promise<PipelineVersionRecord>;
  getPipeline(idOrName: string): Promise<PipelineRecord | undefined>;
  listPipelines(query?: PageQuery): Promise<PipelineRecord[]>;
  getPipelineVersion(id: string): Promise<PipelineVersionRecord | undefined>;

  createRun(run: NewRun): Promise<RunRecord>;
  finishRun(id: string, end: { status: "completed" | "failed"; error: string | null; metadata?: JsonObject }): Promise<RunRecord>;
  getRun(idOrName: string): Promise<RunRecord | undefined>;
  listRuns(query?: RunQuery): Promise<RunRecord[]>;
  countRuns(query?: Omit<RunQuery, "limit" | "before">): Promise<number>;

  createStepRun(step: NewStepRun): Promise<StepRunRecord>;
  finishStepRun(id: string, end: StepRunEnd): Promise<FinishedStepRun>;
  getStepRun(id: string): Promise<StepRunRecord | undefined>;
  listStepRuns(runId: string): Promise<StepRunRecord[]>;
  /** The newest `completed` step run with this cache key, with its outputs. */
  findCacheHit(cacheKey: string): Promise<CacheHit | undefined>;

  getArtifact(id: string): Promise<ArtifactRecord | undefined>;
  listArtifacts(query?: ArtifactQuery): Promise<ArtifactRecord[]>;
  listStepArtifacts(stepRunId: string): Promise<StepArtifactLink[]>;
  getArtifactLineage(artifactId: string): Promise<ArtifactLineage | undefined>;

  saveComponent(component: { name: string; type: ComponentType; flavor: string; config: JsonObject }): Promise<ComponentRecord>;
  updateComponent(type: ComponentType, name: string, change: { name?: string; config?: JsonObject }): Promise<ComponentRecord>;
  getComponent(type: ComponentType, name: string): Promise<ComponentRecord | undefined>;
  listComponents(type?: ComponentType): Promise<ComponentRecord[]>;
  /** Refused with a typed error while a stack uses the component. */
  deleteComponent(type: ComponentType, name: string): Promise<void>;

  saveStack(stack: { name: string; components: Partial<Record<ComponentType, string>> }): Promise<StackRecord>;
  updateStack(name: string, change: { name?: string; components?: Partial<Record<ComponentType, string | null>> }): Promise<StackRecord>;
  getStack(name: string): Promise<StackRecord | undefined>;
  listStacks(): Promise<StackRecord[]>;
  deleteStack(name: string): Promise<void>;

  /**
   * Writes a component state record (see `ComponentStateRecord`). A malformed
   * `kind` or `key` is refused with `InvalidArgumentError`, an unknown
   * component type with `UnknownComponentTypeError`.
   */
  putComponentState(record: ComponentStateWrite): Promise<ComponentStateRecord>;
  getComponentState(key: ComponentStateKey): Promise<ComponentStateRecord | undefined>;
  /** Matching records, newest created first. */
  listComponentState(query: ComponentStateQuery): Promise<ComponentStateRecord[]>;
  /** Deletes a record; resolves `false` when there was none, so cleanups can repeat safely. */
  deleteComponentState(key: ComponentStateKey): Promise<boolean>;

  close(): Promise<void>;
}
