import { sql, type Kysely } from "kysely";
import type { Migration } from "./migration.js";

/*
 * Written with Kysely's schema builder so the same migration runs on SQLite
 * and PostgreSQL. Foreign keys everywhere: SQLite enforces them because the
 * connection sets `foreign_keys = ON`.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("pipelines")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("pipeline_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("pipeline_id", "text", (c) => c.notNull().references("pipelines.id"))
    .addColumn("spec_hash", "text", (c) => c.notNull())
    .addColumn("spec", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    // The target of savePipelineVersion's INSERT ... ON CONFLICT DO NOTHING.
    .addUniqueConstraint("pipeline_versions_pipeline_spec_hash_unique", ["pipeline_id", "spec_hash"])
    .execute();

  await db.schema
    .createTable("runs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("pipeline_id", "text", (c) => c.notNull().references("pipelines.id"))
    .addColumn("pipeline_version_id", "text", (c) => c.notNull().references("pipeline_versions.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("stack_name", "text", (c) => c.notNull())
    .addColumn("stack", "text", (c) => c.notNull())
    .addColumn("params", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("ended_at", "text")
    .addColumn("error", "text")
    .addColumn("host", "text", (c) => c.notNull())
    .addColumn("pid", "integer", (c) => c.notNull())
    .addColumn("metadata", "text", (c) => c.notNull())
    .addCheckConstraint("runs_status_check", sql`status in ('running', 'completed', 'failed')`)
    .execute();
  // listRuns({ pipeline }) newest first; the trailing id makes `ORDER BY id DESC LIMIT n` an index walk.
  await db.schema.createIndex("runs_pipeline_id_idx").on("runs").columns(["pipeline_id", "id"]).execute();
  await db.schema.createIndex("runs_status_id_idx").on("runs").columns(["status", "id"]).execute();

  await db.schema
    .createTable("step_runs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("run_id", "text", (c) => c.notNull().references("runs.id"))
    .addColumn("step_id", "text", (c) => c.notNull())
    .addColumn("step_name", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("cache_key", "text")
    .addColumn("cached_from_id", "text", (c) => c.references("step_runs.id"))
    .addColumn("params", "text")
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("ended_at", "text")
    .addColumn("logs_key", "text")
    .addColumn("error", "text")
    .addColumn("metadata", "text", (c) => c.notNull())
    .addCheckConstraint(
      "step_runs_status_check",
      sql`status in ('running', 'completed', 'cached', 'failed', 'skipped')`,
    )
    .execute();
  await db.schema.createIndex("step_runs_run_id_idx").on("step_runs").columns(["run_id", "id"]).execute();
  // findCacheHit: equality on cache_key and status, newest id first, one index seek.
  await db.schema
    .createIndex("step_runs_cache_key_idx")
    .on("step_runs")
    .columns(["cache_key", "status", "id"])
    .execute();

  await db.schema
    .createTable("artifacts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("uri", "text", (c) => c.notNull())
    .addColumn("store_identity", "text", (c) => c.notNull())
    .addColumn("materializer", "text", (c) => c.notNull())
    .addColumn("data_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("metadata", "text", (c) => c.notNull())
    .addColumn("producer_step_run_id", "text", (c) => c.notNull().references("step_runs.id"))
    .addColumn("producer_run_id", "text", (c) => c.notNull().references("runs.id"))
    .addColumn("output_name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("artifacts_producer_run_id_idx")
    .on("artifacts")
    .columns(["producer_run_id", "id"])
    .execute();
  // Foreign keys are not indexed automatically; this one keeps step-run lookups by producer cheap.
  await db.schema
    .createIndex("artifacts_producer_step_run_id_idx")
    .on("artifacts")
    .column("producer_step_run_id")
    .execute();

  await db.schema
    .createTable("step_artifacts")
    .addColumn("step_run_id", "text", (c) => c.notNull().references("step_runs.id"))
    .addColumn("artifact_id", "text", (c) => c.notNull().references("artifacts.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("direction", "text", (c) => c.notNull())
    // A step has one artifact per input name and one per output name; the key also serves listStepArtifacts.
    .addPrimaryKeyConstraint("step_artifacts_pk", ["step_run_id", "direction", "name"])
    .addCheckConstraint("step_artifacts_direction_check", sql`direction in ('input', 'output')`)
    .execute();
  // Lineage: who read or reused an artifact.
  await db.schema
    .createIndex("step_artifacts_artifact_id_idx")
    .on("step_artifacts")
    .columns(["artifact_id", "step_run_id"])
    .execute();

  await db.schema
    .createTable("components")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("flavor", "text", (c) => c.notNull())
    .addColumn("config", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("components_type_name_unique", ["type", "name"])
    .execute();

  await db.schema
    .createTable("stacks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("stack_components")
    .addColumn("stack_id", "text", (c) => c.notNull().references("stacks.id").onDelete("cascade"))
    .addColumn("component_type", "text", (c) => c.notNull())
    // No cascade: a component in use must not disappear from under a stack.
    .addColumn("component_id", "text", (c) => c.notNull().references("components.id"))
    .addPrimaryKeyConstraint("stack_components_pk", ["stack_id", "component_type"])
    .execute();
  // deleteComponent's in-use check.
  await db.schema
    .createIndex("stack_components_component_id_idx")
    .on("stack_components")
    .column("component_id")
    .execute();
}

export const initialMigration: Migration = { version: 1, name: "initial", up };
