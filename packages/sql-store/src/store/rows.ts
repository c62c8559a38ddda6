import type { Selectable } from "kysely";
import type {
  ArtifactRecord,
  ComponentRecord,
  PipelineRecord,
  PipelineSpec,
  PipelineVersionRecord,
  RunRecord,
  StepRunRecord,
} from "@koan/contracts";
import type {
  ArtifactsTable,
  ComponentsTable,
  PipelinesTable,
  PipelineVersionsTable,
  RunsTable,
  StepRunsTable,
} from "../schema.js";
import { parseJsonObject, parseJsonObjectOrNull } from "./json.js";

/* Rows (snake_case, JSON as text) to the records of @koan/contracts. */

export type RunRow = Selectable<RunsTable> & { pipeline_name: string };

export function toPipelineRecord(row: Selectable<PipelinesTable>): PipelineRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

export function toPipelineVersionRecord(row: Selectable<PipelineVersionsTable>): PipelineVersionRecord {
  return {
    id: row.id,
    pipelineId: row.pipeline_id,
    specHash: row.spec_hash,
    spec: JSON.parse(row.spec) as PipelineSpec,
    createdAt: row.created_at,
  };
}

export function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    name: row.name,
    pipelineId: row.pipeline_id,
    pipelineName: row.pipeline_name,
    pipelineVersionId: row.pipeline_version_id,
    status: row.status,
    stackName: row.stack_name,
    stack: parseJsonObject(row.stack),
    params: parseJsonObject(row.params),
    startedAt: row.started_at,
    endedAt: row.ended_at,
    error: row.error,
    host: row.host,
    pid: row.pid,
    metadata: parseJsonObject(row.metadata),
  };
}

export function toStepRunRecord(row: Selectable<StepRunsTable>): StepRunRecord {
  return {
    id: row.id,
    runId: row.run_id,
    stepId: row.step_id,
    stepName: row.step_name,
    status: row.status,
    cacheKey: row.cache_key,
    cachedFromId: row.cached_from_id,
    params: parseJsonObjectOrNull(row.params),
    attempts: row.attempts,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    logsKey: row.logs_key,
    error: row.error,
    metadata: parseJsonObject(row.metadata),
  };
}

export function toArtifactRecord(row: Selectable<ArtifactsTable>): ArtifactRecord {
  return {
    id: row.id,
    key: row.key,
    uri: row.uri,
    storeIdentity: row.store_identity,
    materializer: row.materializer,
    dataType: row.data_type,
    size: Number(row.size),
    contentHash: row.content_hash,
    metadata: parseJsonObject(row.metadata),
    producerStepRunId: row.producer_step_run_id,
    producerRunId: row.producer_run_id,
    outputName: row.output_name,
    createdAt: row.created_at,
  };
}

export function toComponentRecord(row: Selectable<ComponentsTable>): ComponentRecord {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    flavor: row.flavor,
    config: parseJsonObject(row.config),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
