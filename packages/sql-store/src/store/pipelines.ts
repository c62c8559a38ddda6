import type { MetadataStore, PipelineSpec, PipelineVersionRecord } from "@koan/contracts";
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { StoreContext } from "./context.js";
import { toJson } from "./json.js";
import { pageLimit } from "./page.js";
import { toPipelineRecord, toPipelineVersionRecord } from "./rows.js";

export type PipelineMethods = Pick<
  MetadataStore,
  "savePipelineVersion" | "getPipeline" | "listPipelines" | "getPipelineVersion"
>;

async function findVersion(
  db: Kysely<Database>,
  name: string,
  specHash: string,
): Promise<PipelineVersionRecord | undefined> {
  const row = await db
    .selectFrom("pipeline_versions")
    .innerJoin("pipelines", "pipelines.id", "pipeline_versions.pipeline_id")
    .selectAll("pipeline_versions")
    .where("pipelines.name", "=", name)
    .where("pipeline_versions.spec_hash", "=", specHash)
    .executeTakeFirst();
  return row && toPipelineVersionRecord(row);
}

export function pipelineMethods(ctx: StoreContext): PipelineMethods {
  const { db } = ctx;
  return {
    async savePipelineVersion(name: string, specHash: string, spec: PipelineSpec) {
      // Almost every run re-saves a spec that is already stored: answer that without the write lock.
      const existing = await findVersion(db, name, specHash);
      if (existing) return existing;

      // Another process may insert the same pipeline or version at any moment. ON CONFLICT DO NOTHING
      // followed by a select is correct under that race on SQLite and PostgreSQL alike.
      return db.transaction().execute(async (trx) => {
        const now = ctx.now();
        await trx
          .insertInto("pipelines")
          .values({ id: ctx.newId(), name, created_at: now })
          .onConflict((oc) => oc.column("name").doNothing())
          .execute();
        const pipeline = await trx
          .selectFrom("pipelines")
          .select("id")
          .where("name", "=", name)
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("pipeline_versions")
          .values({ id: ctx.newId(), pipeline_id: pipeline.id, spec_hash: specHash, spec: toJson(spec), created_at: now })
          .onConflict((oc) => oc.columns(["pipeline_id", "spec_hash"]).doNothing())
          .execute();
        const row = await trx
          .selectFrom("pipeline_versions")
          .selectAll()
          .where("pipeline_id", "=", pipeline.id)
          .where("spec_hash", "=", specHash)
          .executeTakeFirstOrThrow();
        return toPipelineVersionRecord(row);
      });
    },

    async getPipeline(idOrName: string) {
      const row = await db
        .selectFrom("pipelines")
        .selectAll()
        .where((eb) => eb.or([eb("id", "=", idOrName), eb("name", "=", idOrName)]))
        .executeTakeFirst();
      return row && toPipelineRecord(row);
    },

    async listPipelines(query) {
      let q = db.selectFrom("pipelines").selectAll().orderBy("id", "desc").limit(pageLimit(query));
      if (query?.before !== undefined) q = q.where("id", "<", query.before);
      const rows = await q.execute();
      return rows.map(toPipelineRecord);
    },

    async getPipelineVersion(id: string) {
      const row = await db.selectFrom("pipeline_versions").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toPipelineVersionRecord(row);
    },
  };
}
