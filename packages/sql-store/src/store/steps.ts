import {
  NotFoundError,
  type ArtifactRecord,
  type FinishedStepRun,
  type MetadataStore,
  type NewStepRun,
  type StepRunEnd,
} from "@koan/contracts";
import type { Insertable, Kysely, Selectable, Updateable } from "kysely";
import { InvalidArgumentError, InvalidStateError } from "../errors.js";
import type { ArtifactsTable, Database, StepArtifactsTable, StepRunsTable } from "../schema.js";
import type { StoreContext } from "./context.js";
import { hints } from "./hints.js";
import { mergeJsonObject, toJson } from "./json.js";
import { linkedArtifacts } from "./links.js";
import { toArtifactRecord, toStepRunRecord } from "./rows.js";

export type StepMethods = Pick<
  MetadataStore,
  "createStepRun" | "finishStepRun" | "getStepRun" | "listStepRuns" | "findCacheHit"
>;

/** Refuses references to artifacts that do not exist, with a typed error instead of a foreign-key failure. */
async function assertArtifactsExist(ctx: StoreContext, db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  const found = await ctx.templates.rows(
    db,
    `artifact ids in x${wanted.length}`,
    (b, slot) => b.selectFrom("artifacts").select("id").where("id", "in", wanted.map((_, i) => slot<string>(i))),
    wanted,
  );
  if (found.length === wanted.length) return;
  const present = new Set(found.map((r) => r.id));
  const missing = wanted.find((id) => !present.has(id)) ?? "";
  throw new NotFoundError("artifact", missing, hints.artifact);
}

/** The artifacts with these ids, by id; NotFoundError names the first that does not exist. */
async function artifactsById(ctx: StoreContext, db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, ArtifactRecord>> {
  const wanted = [...new Set(ids)];
  const byId = new Map<string, ArtifactRecord>();
  if (wanted.length === 0) return byId;
  const rows = await ctx.templates.rows(
    db,
    `artifacts by id in x${wanted.length}`,
    (b, slot) => b.selectFrom("artifacts").selectAll().where("id", "in", wanted.map((_, i) => slot<string>(i))),
    wanted,
  );
  for (const row of rows) byId.set(row.id, toArtifactRecord(row));
  const missing = wanted.find((id) => !byId.has(id));
  if (missing !== undefined) throw new NotFoundError("artifact", missing, hints.artifact);
  return byId;
}

/** Throws NotFoundError for the first of a new step run's references (its run, then its inputs) that does not exist. */
async function assertReferencesExist(ctx: StoreContext, runId: string, artifactIds: readonly string[]): Promise<void> {
  const [run] = await ctx.templates.rows(
    ctx.db,
    "run id by id",
    (b, slot) => b.selectFrom("runs").select("id").where("id", "=", slot<string>(0)),
    [runId],
  );
  if (!run) throw new NotFoundError("run", runId, hints.run);
  await assertArtifactsExist(ctx, ctx.db, artifactIds);
}

function assertDistinctOutputNames(stepRunId: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new InvalidArgumentError(`Step run ${stepRunId} has two outputs named "${name}"`);
    seen.add(name);
  }
}

export function stepMethods(ctx: StoreContext): StepMethods {
  const { db } = ctx;

  /**
   * Ends a running step run in one statement: the update only matches while
   * the step is `running` and returns the row, so there is no read first.
   * When it matches nothing, a read tells an unknown step run from one that
   * already ended.
   */
  async function endRunning(
    trx: Kysely<Database>,
    id: string,
    changes: Updateable<StepRunsTable> & Pick<Selectable<StepRunsTable>, "status">,
  ): Promise<Selectable<StepRunsTable>> {
    const columns = Object.keys(changes).filter((column) => changes[column as keyof typeof changes] !== undefined);
    const [ended] = await ctx.templates.rows(
      trx,
      `end running step run (${columns.join(",")}) by id`,
      (b, slot) =>
        b
          .updateTable("step_runs")
          .set(Object.fromEntries(columns.map((column, i) => [column, slot(i)])) as never)
          .where("id", "=", slot<string>(columns.length))
          .where("status", "=", "running")
          .returningAll(),
      [...columns.map((column) => changes[column as keyof typeof changes]), id],
    );
    if (ended) return ended;
    const [row] = await ctx.templates.rows(
      trx,
      "step run status by id",
      (b, slot) => b.selectFrom("step_runs").select(["step_id", "status"]).where("id", "=", slot<string>(0)),
      [id],
    );
    if (!row) throw new NotFoundError("step run", id, hints.stepRun);
    throw new InvalidStateError(`Step run ${id} ("${row.step_id}") already ended as ${row.status}; a step run is finished once`);
  }

  /** Writes one finished step: outputs and the status change commit together or not at all. */
  async function finish(trx: Kysely<Database>, id: string, end: StepRunEnd): Promise<FinishedStepRun> {
    const endedAt = ctx.now();
    let changes: Updateable<StepRunsTable> & Pick<Selectable<StepRunsTable>, "status">;
    switch (end.status) {
      case "completed":
        changes = { status: "completed", ended_at: endedAt, cache_key: end.cacheKey, attempts: end.attempts, logs_key: end.logsKey };
        break;
      case "cached":
        changes = { status: "cached", ended_at: endedAt, cache_key: end.cacheKey, cached_from_id: end.cachedFromId };
        break;
      case "failed":
        changes = { status: "failed", ended_at: endedAt, attempts: end.attempts, error: end.error, logs_key: end.logsKey };
        break;
    }
    // A cached end points at an earlier step run and its artifacts: check them first, for a
    // typed error (the foreign keys would refuse them too, but without saying which).
    let reused = new Map<string, ArtifactRecord>();
    if (end.status === "cached") {
      const [source] = await ctx.templates.rows(
        trx,
        "step run id by id",
        (b, slot) => b.selectFrom("step_runs").select("id").where("id", "=", slot<string>(0)),
        [end.cachedFromId],
      );
      if (!source) throw new NotFoundError("step run", end.cachedFromId, hints.stepRun);
      reused = await artifactsById(ctx, trx, Object.values(end.outputs));
    }
    let current = await endRunning(trx, id, changes);
    // Metadata merges into what the step run has; most ends add none, and then need no second write.
    const metadata = mergeJsonObject(current.metadata, end.metadata);
    if (metadata !== current.metadata) {
      await ctx.templates.updateById(trx, "step_runs", id, { metadata });
      current = { ...current, metadata };
    }
    // Returned with the record, so the engine need not read back what it just wrote.
    const outputs: Record<string, ArtifactRecord> = {};

    if (end.status === "completed") {
      assertDistinctOutputNames(current.id, end.outputs.map((o) => o.outputName));
      if (end.outputs.length > 0) {
        const artifacts = end.outputs.map(
          (o) =>
            ({
              id: ctx.newId(),
              key: o.key,
              uri: o.uri,
              store_identity: o.storeIdentity,
              materializer: o.materializer,
              data_type: o.dataType,
              size: o.size,
              content_hash: o.contentHash,
              metadata: toJson(o.metadata),
              producer_step_run_id: current.id,
              producer_run_id: current.run_id,
              output_name: o.outputName,
              created_at: endedAt,
            }) satisfies Insertable<ArtifactsTable>,
        );
        await ctx.templates.insert(trx, "artifacts", artifacts);
        await ctx.templates.insert(
          trx,
          "step_artifacts",
          artifacts.map(
            (a) =>
              ({
                step_run_id: current.id,
                artifact_id: a.id,
                name: a.output_name,
                direction: "output",
              }) satisfies Insertable<StepArtifactsTable>,
          ),
        );
        for (const row of artifacts) outputs[row.output_name] = toArtifactRecord(row);
      }
    } else if (end.status === "cached") {
      await ctx.templates.insert(
        trx,
        "step_artifacts",
        Object.entries(end.outputs).map(
          ([name, artifactId]) =>
            ({ step_run_id: current.id, artifact_id: artifactId, name, direction: "output" }) satisfies Insertable<StepArtifactsTable>,
        ),
      );
      for (const [name, artifactId] of Object.entries(end.outputs)) outputs[name] = reused.get(artifactId) as ArtifactRecord;
    }
    return { ...toStepRunRecord(current), outputs };
  }

  return {
    async createStepRun(step: NewStepRun) {
      const inputs = Object.entries(step.inputs);
      try {
        return await db.transaction().execute(async (trx) => {
          const now = ctx.now();
          const row = {
            id: ctx.newId(),
            run_id: step.runId,
            step_id: step.stepId,
            step_name: step.stepName,
            status: step.status,
            cache_key: null,
            cached_from_id: null,
            params: step.params === null ? null : toJson(step.params),
            attempts: 0,
            started_at: now,
            // A skipped step is over as soon as it is recorded.
            ended_at: step.status === "skipped" ? now : null,
            logs_key: null,
            error: null,
            metadata: "{}",
          } satisfies Insertable<StepRunsTable>;
          await ctx.templates.insert(trx, "step_runs", [row]);
          await ctx.templates.insert(
            trx,
            "step_artifacts",
            inputs.map(
              ([name, artifactId]) =>
                ({ step_run_id: row.id, artifact_id: artifactId, name, direction: "input" }) satisfies Insertable<StepArtifactsTable>,
            ),
          );
          return toStepRunRecord(row);
        });
      } catch (error) {
        // The foreign keys refused an unknown run or input artifact (the transaction
        // rolled back): say which, with a typed error. Checking after a failure
        // instead of before every insert saves two queries on the engine's hot path.
        await assertReferencesExist(ctx, step.runId, inputs.map(([, id]) => id));
        throw error;
      }
    },

    async finishStepRun(id: string, end: StepRunEnd) {
      return db.transaction().execute((trx) => finish(trx, id, end));
    },

    async getStepRun(id: string) {
      const row = await db.selectFrom("step_runs").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toStepRunRecord(row);
    },

    async listStepRuns(runId: string) {
      const rows = await db.selectFrom("step_runs").selectAll().where("run_id", "=", runId).orderBy("id").execute();
      return rows.map(toStepRunRecord);
    },

    async findCacheHit(cacheKey: string) {
      const [row] = await ctx.templates.rows(
        db,
        "newest completed step run by cache key",
        (b, slot) =>
          b
            .selectFrom("step_runs")
            .selectAll()
            .where("cache_key", "=", slot<string>(0))
            .where("status", "=", "completed")
            .orderBy("id", "desc")
            .limit(1),
        [cacheKey],
      );
      if (!row) return undefined;
      // A completed step's outputs committed with its status, so they are all here.
      const links = await linkedArtifacts(ctx, db, row.id, "output");
      const outputs: Record<string, ArtifactRecord> = {};
      for (const link of links) outputs[link.name] = link.artifact;
      return { stepRun: toStepRunRecord(row), outputs };
    },
  };
}
