import type { ComponentType, RunStatus, StepRunStatus } from "@koan/contracts";

/*
 * The tables as Kysely sees them. Column names are snake_case as in SQL; the
 * store maps rows to the camelCase records of @koan/contracts. JSON columns
 * are TEXT holding JSON (portable to PostgreSQL, where they may become jsonb
 * later without changing the records). Ids are UUIDv7 text; timestamps are
 * ISO-8601 UTC text.
 */

export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface PipelinesTable {
  id: string;
  name: string;
  created_at: string;
}

export interface PipelineVersionsTable {
  id: string;
  pipeline_id: string;
  spec_hash: string;
  /** JSON: PipelineSpec. */
  spec: string;
  created_at: string;
}

export interface RunsTable {
  id: string;
  name: string;
  pipeline_id: string;
  pipeline_version_id: string;
  status: RunStatus;
  stack_name: string;
  /** JSON object. */
  stack: string;
  /** JSON object. */
  params: string;
  started_at: string;
  ended_at: string | null;
  error: string | null;
  host: string;
  pid: number;
  /** JSON object. */
  metadata: string;
}

export interface StepRunsTable {
  id: string;
  run_id: string;
  step_id: string;
  step_name: string;
  status: StepRunStatus;
  cache_key: string | null;
  cached_from_id: string | null;
  /** JSON object or NULL. */
  params: string | null;
  attempts: number;
  started_at: string;
  ended_at: string | null;
  logs_key: string | null;
  error: string | null;
  /** JSON object. */
  metadata: string;
}

export interface ArtifactsTable {
  id: string;
  key: string;
  uri: string;
  store_identity: string;
  materializer: string;
  data_type: string;
  size: number;
  content_hash: string;
  /** JSON object. */
  metadata: string;
  producer_step_run_id: string;
  producer_run_id: string;
  output_name: string;
  created_at: string;
}

export type LinkDirection = "input" | "output";

export interface StepArtifactsTable {
  step_run_id: string;
  artifact_id: string;
  name: string;
  direction: LinkDirection;
}

export interface StacksTable {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface StackComponentsTable {
  stack_id: string;
  component_type: ComponentType;
  component_id: string;
}

export interface ComponentsTable {
  id: string;
  type: ComponentType;
  name: string;
  flavor: string;
  /** JSON object; secret references stay unresolved. */
  config: string;
  created_at: string;
  updated_at: string;
}

export interface ComponentStateTable {
  id: string;
  component_type: ComponentType;
  component_name: string | null;
  kind: string;
  key: string;
  /** JSON object. */
  data: string;
  created_at: string;
  updated_at: string;
}

export interface Database {
  koan_migrations: MigrationsTable;
  pipelines: PipelinesTable;
  pipeline_versions: PipelineVersionsTable;
  runs: RunsTable;
  step_runs: StepRunsTable;
  artifacts: ArtifactsTable;
  step_artifacts: StepArtifactsTable;
  stacks: StacksTable;
  stack_components: StackComponentsTable;
  components: ComponentsTable;
  component_state: ComponentStateTable;
}
