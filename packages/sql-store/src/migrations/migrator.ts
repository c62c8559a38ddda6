import type { Kysely } from "kysely";
import { StoreTooNewError } from "../errors.js";
import type { Database } from "../schema.js";
import { isoNow } from "../time.js";
import type { Migration } from "./migration.js";

const MIGRATIONS_TABLE = "koan_migrations";

/** The highest applied migration, 0 for a database Koan has never touched. */
export async function readSchemaVersion(db: Kysely<Database>): Promise<number> {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === MIGRATIONS_TABLE)) return 0;
  return maxVersion(db);
}

async function maxVersion(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("koan_migrations")
    .select((eb) => eb.fn.max("version").as("version"))
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

function assertConsecutive(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migration "${m.name}" has version ${m.version}; expected ${i + 1} (versions are consecutive from 1)`);
    }
  });
}

/**
 * Brings the schema to the newest version this code knows and returns it.
 *
 * Several processes may open a fresh database at the same moment (an
 * orchestrator starting workers), so all pending migrations run in ONE write
 * transaction and the version is read again once the lock is held: the first
 * process migrates, the others wait for its commit, then find nothing to do.
 * On SQLite the lock is the write lock `BEGIN IMMEDIATE` takes (see
 * sqlite.ts); PostgreSQL will add `pg_advisory_xact_lock` at the start of the
 * same transaction. DDL is transactional on both, so a failing migration
 * leaves the schema as it was.
 *
 * A database newer than the code is refused rather than used: the newer
 * schema may hold data this code would misread or overwrite.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  options: { readonly url: string; readonly migrations: readonly Migration[] },
): Promise<number> {
  const { migrations, url } = options;
  assertConsecutive(migrations);
  const latest = migrations.length;

  // Lock-free fast path: reopening an up-to-date database writes nothing.
  const current = await readSchemaVersion(db);
  if (current > latest) throw new StoreTooNewError(url, current, latest);
  if (current === latest) return current;

  return db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable(MIGRATIONS_TABLE)
      .ifNotExists()
      .addColumn("version", "integer", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("applied_at", "text", (c) => c.notNull())
      .execute();

    const locked = await maxVersion(trx);
    if (locked > latest) throw new StoreTooNewError(url, locked, latest);

    for (const migration of migrations.slice(locked)) {
      // Migrations see the schema of their own point in history, not today's `Database` type.
      await migration.up(trx as unknown as Kysely<unknown>);
      await trx
        .insertInto("koan_migrations")
        .values({ version: migration.version, name: migration.name, applied_at: isoNow() })
        .execute();
    }
    return latest;
  });
}
