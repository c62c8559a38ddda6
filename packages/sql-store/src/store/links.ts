import type { StepArtifactLink } from "@koan/contracts";
import type { Kysely, Selectable } from "kysely";
import type { ArtifactsTable, Database, LinkDirection } from "../schema.js";
import type { StoreContext } from "./context.js";
import { toArtifactRecord } from "./rows.js";

type LinkedArtifactRow = Selectable<ArtifactsTable> & { link_name: string; link_direction: LinkDirection };

/**
 * The artifacts a step run read and wrote, each with its link name, in one
 * join (inputs first, then outputs, by name) — never one query per artifact.
 */
export async function linkedArtifacts(
  ctx: StoreContext,
  db: Kysely<Database>,
  stepRunId: string,
  direction?: LinkDirection,
): Promise<StepArtifactLink[]> {
  const rows: LinkedArtifactRow[] = await ctx.templates.rows(
    db,
    direction === undefined ? "links of step run" : "links of step run in one direction",
    (b, slot) => {
      let q = b
        .selectFrom("step_artifacts")
        .innerJoin("artifacts", "artifacts.id", "step_artifacts.artifact_id")
        .selectAll("artifacts")
        .select(["step_artifacts.name as link_name", "step_artifacts.direction as link_direction"])
        .where("step_artifacts.step_run_id", "=", slot<string>(0));
      if (direction !== undefined) q = q.where("step_artifacts.direction", "=", slot<LinkDirection>(1));
      return q.orderBy("step_artifacts.direction").orderBy("step_artifacts.name");
    },
    direction === undefined ? [stepRunId] : [stepRunId, direction],
  );
  return rows.map((row) => ({ name: row.link_name, direction: row.link_direction, artifact: toArtifactRecord(row) }));
}
