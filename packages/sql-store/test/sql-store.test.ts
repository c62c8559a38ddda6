import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MIGRATIONS, createSqlMetadataStore, createSqliteKysely, migrateToLatest } from "../src/index.js";
import { withStatementCache } from "../src/sqlite/statement-cache.js";
import { spec, tempDir } from "./helpers.js";

describe("createSqlMetadataStore", () => {
  it("runs over any migrated Kysely, with injectable ids and clock", async () => {
    const db = createSqliteKysely(join(await tempDir(), "koan.db"));
    await migrateToLatest(db, { url: "sqlite:test", migrations: MIGRATIONS });
    let n = 0;
    const store = createSqlMetadataStore(db, {
      url: "sqlite:test",
      newId: () => `id-${String(++n).padStart(4, "0")}`,
      now: () => "2030-01-02T03:04:05.000Z",
    });
    try {
      expect(store.specVersion).toBe(1);
      expect(store.url).toBe("sqlite:test");
      const version = await store.savePipelineVersion("p", "h", spec("p"));
      expect(version).toMatchObject({ id: "id-0002", pipelineId: "id-0001", createdAt: "2030-01-02T03:04:05.000Z" });
    } finally {
      await store.close();
    }
  });
});

describe("statement cache", () => {
  it("prepares each SQL text once and evicts the least recently used past its capacity", () => {
    const database = new BetterSqlite3(":memory:");
    const prepared: string[] = [];
    const prepare = database.prepare.bind(database);
    database.prepare = ((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    }) as typeof database.prepare;
    const cached = withStatementCache(database, 2);
    try {
      cached.prepare("select 1");
      cached.prepare("select 2");
      cached.prepare("select 1");
      expect(prepared).toEqual(["select 1", "select 2"]);
      cached.prepare("select 3"); // evicts "select 2", the least recently used
      cached.prepare("select 1");
      cached.prepare("select 2");
      expect(prepared).toEqual(["select 1", "select 2", "select 3", "select 2"]);
      expect(cached.prepare("select 1").all([])).toEqual([{ 1: 1 }]);
    } finally {
      cached.close();
    }
    expect(database.open).toBe(false);
  });
});
