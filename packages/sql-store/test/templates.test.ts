import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSqliteKysely, MIGRATIONS, migrateToLatest } from "../src/index.js";
import { QueryTemplates } from "../src/store/templates.js";
import { tempDir } from "./helpers.js";

async function migratedDb() {
  const path = join(await tempDir(), "koan.db");
  const db = createSqliteKysely(path);
  await migrateToLatest(db, { url: `sqlite:${path}`, migrations: MIGRATIONS });
  return db;
}

const pipelineRow = (id: string, name: string) => ({ id, name, created_at: "2026-01-01T00:00:00.000Z" });

describe("query templates", () => {
  it("compile once and give each call's own values, as Kysely would", async () => {
    const db = await migratedDb();
    try {
      const templates = new QueryTemplates();
      await templates.insert(db, "pipelines", [pipelineRow("p1", "first"), pipelineRow("p2", "second")]);
      await templates.insert(db, "pipelines", [pipelineRow("p3", "third"), pipelineRow("p4", "fourth")]);
      const byName = (name: string) =>
        templates.rows(db, "pipeline by name", (b, slot) => b.selectFrom("pipelines").selectAll().where("name", "=", slot<string>(0)), [name]);
      expect(await byName("second")).toEqual([pipelineRow("p2", "second")]);
      expect(await byName("fourth")).toEqual([pipelineRow("p4", "fourth")]);
      expect(await byName("none")).toEqual([]);
      await templates.updateById(db, "runs", "absent", { status: "failed" });
      const all = await db.selectFrom("pipelines").select("name").orderBy("id").execute();
      expect(all.map((r) => r.name)).toEqual(["first", "second", "third", "fourth"]);
    } finally {
      await db.destroy();
    }
  });

  it("keep a value that equals a constant of the query apart from it", async () => {
    const db = await migratedDb();
    try {
      const templates = new QueryTemplates();
      await templates.insert(db, "pipelines", [pipelineRow("p1", "x"), pipelineRow("p2", "y")]);
      const query = (id: string) =>
        templates.rows(
          db,
          "pipeline by id, not named x",
          (b, slot) => b.selectFrom("pipelines").select("id").where("id", "=", slot<string>(0)).where("name", "!=", "x"),
          [id],
        );
      expect(await query("x")).toEqual([]);
      expect(await query("p2")).toEqual([{ id: "p2" }]);
      expect(await query("p1")).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it("leave out columns whose value is undefined, and insert rows that differ in that through Kysely", async () => {
    const db = await migratedDb();
    try {
      const templates = new QueryTemplates();
      await templates.insert(db, "pipelines", [pipelineRow("p1", "a")]);
      await db
        .insertInto("pipeline_versions")
        .values({ id: "v1", pipeline_id: "p1", spec_hash: "h", spec: "{}", created_at: "2026-01-01T00:00:00.000Z" })
        .execute();
      const run = (id: string, extra: Record<string, unknown>) => ({
        id,
        name: id,
        pipeline_id: "p1",
        pipeline_version_id: "v1",
        status: "running",
        stack_name: "default",
        stack: "{}",
        params: "{}",
        metadata: "{}",
        started_at: "2026-01-01T00:00:00.000Z",
        host: "h",
        pid: 1,
        ...extra,
      });
      // `ended_at` and `error` left out (undefined) take the column default, NULL.
      await templates.insert(db, "runs", [run("r1", { ended_at: undefined, error: undefined })]);
      await templates.insert(db, "runs", [run("r2", { error: "e" }), run("r3", { ended_at: "2026-01-02T00:00:00.000Z" })]);
      await templates.updateById(db, "runs", "r1", { status: "completed", error: undefined });
      const rows = await db.selectFrom("runs").select(["id", "status", "ended_at", "error"]).orderBy("id").execute();
      expect(rows).toEqual([
        { id: "r1", status: "completed", ended_at: null, error: null },
        { id: "r2", status: "running", ended_at: null, error: "e" },
        { id: "r3", status: "running", ended_at: "2026-01-02T00:00:00.000Z", error: null },
      ]);
    } finally {
      await db.destroy();
    }
  });

  it("refuse a call with the wrong number of values", async () => {
    const db = await migratedDb();
    try {
      const templates = new QueryTemplates();
      const build = (b: typeof db, slot: <T>(i: number) => T) => b.selectFrom("pipelines").select("id").where("id", "=", slot<string>(0));
      await templates.rows(db, "by id", build, ["p"]);
      await expect(templates.rows(db, "by id", build, ["p", "q"])).rejects.toThrow(/takes 1 values, got 2/);
    } finally {
      await db.destroy();
    }
  });
});
