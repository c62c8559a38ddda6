import type { ArtifactQuery, MetadataStore } from "@koan/contracts";
import type { StoreContext } from "./context.js";
import { linkedArtifacts } from "./links.js";
import { pageLimit } from "./page.js";
import { toArtifactRecord, toStepRunRecord } from "./rows.js";

export type ArtifactMethods = Pick<
  MetadataStore,
  "getArtifact" | "listArtifacts" | "listStepArtifacts" | "getArtifactLineage"
>;

export function artifactMethods(ctx: StoreContext): ArtifactMethods {
  const { db } = ctx;
  return {
    async getArtifact(id: string) {
      const row = await db.selectFrom("artifacts").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toArtifactRecord(row);
    },

    async listArtifacts(query?: ArtifactQuery) {
      let q = db.selectFrom("artifacts").selectAll().orderBy("id", "desc").limit(pageLimit(query));
      if (query?.runId !== undefined) q = q.where("producer_run_id", "=", query.runId);
      if (query?.before !== undefined) q = q.where("id", "<", query.before);
      const rows = await q.execute();
      return rows.map(toArtifactRecord);
    },

    async listStepArtifacts(stepRunId: string) {
      return linkedArtifacts(ctx, db, stepRunId);
    },

    /*
     * Three queries whatever the fan-out: the artifact, its producer, and every
     * other link to it joined with its step run. The producer's own output link
     * is the one link left out; a cached step's link to the same artifact is a
     * consumer with direction "output".
     */
    async getArtifactLineage(artifactId: string) {
      const artifact = await db
        .selectFrom("artifacts")
        .select(["id", "producer_step_run_id"])
        .where("id", "=", artifactId)
        .executeTakeFirst();
      if (!artifact) return undefined;
      const producer = await db
        .selectFrom("step_runs")
        .selectAll()
        .where("id", "=", artifact.producer_step_run_id)
        .executeTakeFirstOrThrow();
      const rows = await db
        .selectFrom("step_artifacts")
        .innerJoin("step_runs", "step_runs.id", "step_artifacts.step_run_id")
        .selectAll("step_runs")
        .select(["step_artifacts.name as link_name", "step_artifacts.direction as link_direction"])
        .where("step_artifacts.artifact_id", "=", artifactId)
        .where((eb) =>
          eb.not(
            eb.and([
              eb("step_artifacts.step_run_id", "=", artifact.producer_step_run_id),
              eb("step_artifacts.direction", "=", "output"),
            ]),
          ),
        )
        .orderBy("step_runs.id")
        .orderBy("step_artifacts.direction")
        .execute();
      return {
        producer: toStepRunRecord(producer),
        consumers: rows.map((row) => ({
          stepRun: toStepRunRecord(row),
          name: row.link_name,
          direction: row.link_direction,
        })),
      };
    },
  };
}
