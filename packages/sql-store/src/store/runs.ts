import {
  AlreadyExistsError,
  NotFoundError,
  type JsonObject,
  type MetadataStore,
  type NewRun,
  type RunQuery,
  type RunStatus,
} from "@koan/contracts";
import type { ExpressionBuilder, Insertable, Kysely } from "kysely";
import { InvalidStateError } from "../errors.js";
import type { Database, RunsTable } from "../schema.js";
import type { StoreContext } from "./context.js";
import { hints } from "./hints.js";
import { mergeJsonObject, toJson } from "./json.js";
import { pageLimit } from "./page.js";
import { toRunRecord, type RunRow } from "./rows.js";

export type RunMethods = Pick<MetadataStore, "createRun" | "finishRun" | "getRun" | "listRuns" | "countRuns">;

type RunFilter = Omit<RunQuery, "limit" | "before">;

/** Runs carry their pipeline's name; one join, never a query per run. */
export function selectRunRows(db: Kysely<Database>) {
  return db
    .selectFrom("runs")
    .innerJoin("pipelines", "pipelines.id", "runs.pipeline_id")
    .selectAll("runs")
    .select("pipelines.name as pipeline_name");
}

/*
 * The pipeline filter is a subquery on pipeline_id rather than a condition on
 * the joined name, so SQLite walks runs_pipeline_id_idx (pipeline_id, id) in
 * id order and stops after one page instead of scanning all runs.
 */
function runFilter(filter: RunFilter | undefined) {
  return (eb: ExpressionBuilder<Database, "runs">) => {
    const conditions = [];
    if (filter?.pipeline !== undefined) {
      conditions.push(
        eb("runs.pipeline_id", "=", eb.selectFrom("pipelines").select("pipelines.id").where("pipelines.name", "=", filter.pipeline)),
      );
    }
    if (filter?.status !== undefined) conditions.push(eb("runs.status", "=", filter.status));
    return eb.and(conditions);
  };
}

export function runMethods(ctx: StoreContext): RunMethods {
  const { db } = ctx;
  return {
    async createRun(run: NewRun) {
      return db.transaction().execute(async (trx) => {
        const version = await trx
          .selectFrom("pipeline_versions")
          .innerJoin("pipelines", "pipelines.id", "pipeline_versions.pipeline_id")
          .select(["pipeline_versions.pipeline_id", "pipelines.name"])
          .where("pipeline_versions.id", "=", run.pipelineVersionId)
          .executeTakeFirst();
        if (!version) throw new NotFoundError("pipeline version", run.pipelineVersionId, hints.pipelineVersion);

        const row = {
          id: ctx.newId(),
          name: run.name,
          pipeline_id: version.pipeline_id,
          pipeline_version_id: run.pipelineVersionId,
          status: "running",
          stack_name: run.stackName,
          stack: toJson(run.stack),
          params: toJson(run.params),
          started_at: ctx.now(),
          ended_at: null,
          error: null,
          host: run.host,
          pid: run.pid,
          metadata: "{}",
        } satisfies Insertable<RunsTable>;
        // The unique run name decides; DO NOTHING + RETURNING tells us who won without a constraint error.
        const inserted = await trx
          .insertInto("runs")
          .values(row)
          .onConflict((oc) => oc.column("name").doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!inserted) throw new AlreadyExistsError("run", run.name, "Run names are unique: choose another name");
        return toRunRecord({ ...row, pipeline_name: version.name });
      });
    },

    async finishRun(id: string, end: { status: "completed" | "failed"; error: string | null; metadata?: JsonObject }) {
      return db.transaction().execute(async (trx) => {
        const current: RunRow | undefined = await selectRunRows(trx).where("runs.id", "=", id).executeTakeFirst();
        if (!current) throw new NotFoundError("run", id, hints.run);
        if (current.status !== "running") {
          throw new InvalidStateError(`Run "${current.name}" already ended as ${current.status}; a run is finished once`);
        }
        const changes = {
          status: end.status satisfies RunStatus,
          ended_at: ctx.now(),
          error: end.error,
          metadata: mergeJsonObject(current.metadata, end.metadata),
        };
        await trx.updateTable("runs").set(changes).where("id", "=", id).execute();
        return toRunRecord({ ...current, ...changes });
      });
    },

    async getRun(idOrName: string) {
      const row = await selectRunRows(db)
        .where((eb) => eb.or([eb("runs.id", "=", idOrName), eb("runs.name", "=", idOrName)]))
        .executeTakeFirst();
      return row && toRunRecord(row);
    },

    async listRuns(query?: RunQuery) {
      let q = db.selectFrom("runs").where(runFilter(query));
      if (query?.before !== undefined) q = q.where("runs.id", "<", query.before);
      const rows = await q
        .innerJoin("pipelines", "pipelines.id", "runs.pipeline_id")
        .selectAll("runs")
        .select("pipelines.name as pipeline_name")
        .orderBy("runs.id", "desc")
        .limit(pageLimit(query))
        .execute();
      return rows.map(toRunRecord);
    },

    async countRuns(query?: RunFilter) {
      const row = await db
        .selectFrom("runs")
        .where(runFilter(query))
        .select((eb) => eb.fn.countAll().as("count"))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}
