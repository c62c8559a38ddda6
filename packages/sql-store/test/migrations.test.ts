import { join } from "node:path";
import { KoanError } from "@koan/contracts";
import { sql, type Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import {
  MIGRATIONS,
  StoreTooNewError,
  createSqliteKysely,
  migrateToLatest,
  openSqliteMetadataStore,
  readSchemaVersion,
  type Migration,
} from "../src/index.js";
import { rawDb, tempDir } from "./helpers.js";

const TABLES = [
  "artifacts",
  "component_state",
  "components",
  "koan_migrations",
  "pipeline_versions",
  "pipelines",
  "runs",
  "stack_components",
  "stacks",
  "step_artifacts",
  "step_runs",
];

describe("migrations", () => {
  it("creates every table and records each migration on a fresh database", async () => {
    const path = join(await tempDir(), "nested", "deeper", "koan.db");
    const store = await openSqliteMetadataStore({ path });
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    expect(store.url).toBe(`sqlite:${path}`);
    expect(store.path).toBe(path);
    await store.close();

    const db = rawDb(path);
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(TABLES);
    const applied = db.prepare("select version, name, applied_at from koan_migrations order by version").all();
    expect(applied).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name, applied_at: expect.any(String) })));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    const indexes = db
      .prepare("select name from sqlite_master where type = 'index' and name like '%_idx'")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(indexes).toEqual(
      expect.arrayContaining([
        "runs_pipeline_id_idx",
        "runs_status_id_idx",
        "step_runs_run_id_idx",
        "step_runs_cache_key_idx",
        "step_artifacts_artifact_id_idx",
        "artifacts_producer_run_id_idx",
        "component_state_type_kind_id_idx",
      ]),
    );
  });

  it("sets the connection pragmas: WAL, busy timeout, synchronous NORMAL, foreign keys", async () => {
    const db = createSqliteKysely(join(await tempDir(), "koan.db"), { busyTimeoutMs: 1234 });
    try {
      const one = async (pragma: string) => {
        const { rows } = await sql.raw<Record<string, unknown>>(`pragma ${pragma}`).execute(db);
        return Object.values(rows[0] ?? {})[0];
      };
      expect(await one("journal_mode")).toBe("wal");
      expect(await one("busy_timeout")).toBe(1234);
      expect(await one("synchronous")).toBe(1);
      expect(await one("foreign_keys")).toBe(1);
    } finally {
      await db.destroy();
    }
  });

  it("reopening an up-to-date database changes nothing", async () => {
    const path = join(await tempDir(), "koan.db");
    await (await openSqliteMetadataStore({ path })).close();
    const before = rawDb(path).prepare("select * from koan_migrations").all();
    const again = await openSqliteMetadataStore({ path });
    expect(again.schemaVersion).toBe(MIGRATIONS.length);
    await again.close();
    expect(rawDb(path).prepare("select * from koan_migrations").all()).toEqual(before);
  });

  it("refuses a database migrated by a newer Koan, with a typed error saying to upgrade", async () => {
    const path = join(await tempDir(), "koan.db");
    await (await openSqliteMetadataStore({ path })).close();
    const raw = rawDb(path);
    raw
      .prepare("insert into koan_migrations (version, name, applied_at) values (?, ?, ?)")
      .run(MIGRATIONS.length + 1, "from-the-future", new Date().toISOString());

    const error = await openSqliteMetadataStore({ path }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreTooNewError);
    expect(error).toBeInstanceOf(KoanError);
    expect((error as StoreTooNewError).code).toBe("STORE_TOO_NEW");
    expect((error as StoreTooNewError).foundVersion).toBe(MIGRATIONS.length + 1);
    expect((error as Error).message).toMatch(/upgrade Koan/i);
    expect((error as Error).message).toContain(path);
  });

  it("applies only the pending migrations of a longer list, once", async () => {
    const path = join(await tempDir(), "koan.db");
    await (await openSqliteMetadataStore({ path })).close();
    let runs = 0;
    const second: Migration = {
      version: MIGRATIONS.length + 1,
      name: "add-notes",
      async up(db: Kysely<unknown>) {
        runs++;
        await db.schema.createTable("notes").addColumn("id", "text", (c) => c.primaryKey()).execute();
      },
    };
    const db = createSqliteKysely(path);
    try {
      expect(await migrateToLatest(db, { url: "test", migrations: [...MIGRATIONS, second] })).toBe(second.version);
      expect(await migrateToLatest(db, { url: "test", migrations: [...MIGRATIONS, second] })).toBe(second.version);
      expect(runs).toBe(1);
      expect(await readSchemaVersion(db)).toBe(second.version);
    } finally {
      await db.destroy();
    }
  });

  it("rolls a failing migration back entirely", async () => {
    const path = join(await tempDir(), "koan.db");
    await (await openSqliteMetadataStore({ path })).close();
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: "broken",
      async up(db: Kysely<unknown>) {
        await db.schema.createTable("half_done").addColumn("id", "text").execute();
        throw new Error("boom");
      },
    };
    const db = createSqliteKysely(path);
    try {
      await expect(migrateToLatest(db, { url: "test", migrations: [...MIGRATIONS, broken] })).rejects.toThrow("boom");
      expect(await readSchemaVersion(db)).toBe(MIGRATIONS.length);
      const tables = await db.introspection.getTables();
      expect(tables.map((t) => t.name)).not.toContain("half_done");
    } finally {
      await db.destroy();
    }
  });

  it("rejects a migration list whose versions are not consecutive from 1", async () => {
    const db = createSqliteKysely(join(await tempDir(), "koan.db"));
    try {
      const gap: Migration = { version: 5, name: "gap", up: async () => undefined };
      await expect(migrateToLatest(db, { url: "test", migrations: [...MIGRATIONS, gap] })).rejects.toThrow(/consecutive/);
    } finally {
      await db.destroy();
    }
  });
});
