import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { Kysely } from "kysely";
import type { MetadataStore } from "@koan/contracts";
import { MIGRATIONS, migrateToLatest } from "../migrations/index.js";
import type { Database } from "../schema.js";
import { createSqlMetadataStore } from "../store/index.js";
import { DEFAULT_BUSY_TIMEOUT_MS, openDatabase } from "./database.js";
import { ImmediateSqliteDialect } from "./dialect.js";
import { withStatementCache } from "./statement-cache.js";

/*
 * Everything of the SQLite store that needs Kysely. open.ts imports this
 * module only when a call first needs it (a write, or a read other than the
 * stack reads), or to migrate.
 */

const STATEMENT_CACHE_SIZE = 256;

/** A Kysely over an opened database with immediate write transactions. Destroying it closes the database. */
export function kyselyOver(database: BetterSqlite3.Database): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({
      database: withStatementCache(database, STATEMENT_CACHE_SIZE),
      realPath: realpathSync.native(database.name),
    }),
  });
}

/** A Kysely over a SQLite file with Koan's pragmas and immediate write transactions. Not migrated. */
export function createSqliteKysely(path: string, options: { readonly busyTimeoutMs?: number } = {}): Kysely<Database> {
  return kyselyOver(openDatabase(resolve(path), options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS));
}

/** The Kysely store over an opened database, migrated first. On failure the database is closed. */
export async function migratedKyselyStore(database: BetterSqlite3.Database, url: string): Promise<{ store: MetadataStore; schemaVersion: number }> {
  const db = kyselyOver(database);
  let schemaVersion: number;
  try {
    schemaVersion = await migrateToLatest(db, { url, migrations: MIGRATIONS });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { store: createSqlMetadataStore(db, { url }), schemaVersion };
}

/** The Kysely store over an opened, up-to-date database. */
export function kyselyStoreOver(database: BetterSqlite3.Database, url: string): MetadataStore {
  return createSqlMetadataStore(kyselyOver(database), { url });
}
