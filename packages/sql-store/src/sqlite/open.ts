import { realpathSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { Kysely } from "kysely";
import type { MetadataStore } from "@koan/contracts";
import { MIGRATIONS, migrateToLatest } from "../migrations/index.js";
import type { Database } from "../schema.js";
import { createSqlMetadataStore } from "../store/index.js";
import { ImmediateSqliteDialect } from "./dialect.js";
import { withStatementCache } from "./statement-cache.js";

export interface SqliteMetadataStoreOptions {
  /** The database file; parent folders are created. */
  readonly path: string;
  /** How long a writer waits for another process's write lock before failing. Default 10 s. */
  readonly busyTimeoutMs?: number;
}

export interface SqliteMetadataStore extends MetadataStore {
  /** Absolute path of the database file. */
  readonly path: string;
  /** The schema version after migrating. */
  readonly schemaVersion: number;
}

/*
 * The native binding is loaded with require(), not import: importing a
 * CommonJS module from ESM makes Node lex its source to find named exports,
 * which costs a few milliseconds of every process start for nothing.
 */
const BetterSqlite3Constructor = createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;

const DEFAULT_BUSY_TIMEOUT_MS = 10_000;
const STATEMENT_CACHE_SIZE = 256;

function openDatabase(path: string, busyTimeoutMs: number): BetterSqlite3.Database {
  const database = new BetterSqlite3Constructor(path);
  try {
    // busy_timeout first: switching to WAL itself needs a lock another process may hold.
    database.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    // WAL: readers never block the writer and the writer never blocks readers.
    switchToWal(database, busyTimeoutMs);
    // With WAL, NORMAL survives a crash of the process; only a power loss may drop the last commits.
    database.pragma("synchronous = NORMAL");
    database.pragma("foreign_keys = ON");
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
}

/**
 * Switching a new database to WAL needs an exclusive lock, and SQLite can
 * answer SQLITE_BUSY for it at once, without calling the busy handler, when
 * several processes open a fresh file together. So retry, briefly sleeping,
 * up to the busy timeout. (A database already in WAL returns at once.)
 */
function switchToWal(database: BetterSqlite3.Database, busyTimeoutMs: number): void {
  const deadline = Date.now() + busyTimeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 1; ; attempt++) {
    try {
      database.pragma("journal_mode = WAL");
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() >= deadline) throw error;
      // Synchronous on purpose: opening is synchronous, and this only happens at first open.
      Atomics.wait(pause, 0, 0, Math.min(50, 5 * attempt));
    }
  }
}

/** A Kysely over a SQLite file with Koan's pragmas and immediate write transactions. Not migrated. */
export function createSqliteKysely(path: string, options: { readonly busyTimeoutMs?: number } = {}): Kysely<Database> {
  const database = openDatabase(resolve(path), options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  return new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({
      database: withStatementCache(database, STATEMENT_CACHE_SIZE),
      realPath: realpathSync.native(database.name),
    }),
  });
}

/** Opens (creating if needed) the SQLite metadata store at `path` and migrates it to the latest schema. */
export async function openSqliteMetadataStore(options: SqliteMetadataStoreOptions): Promise<SqliteMetadataStore> {
  const path = resolve(options.path);
  await mkdir(dirname(path), { recursive: true });
  const url = `sqlite:${path}`;
  const db = createSqliteKysely(path, options);
  let schemaVersion: number;
  try {
    schemaVersion = await migrateToLatest(db, { url, migrations: MIGRATIONS });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { ...createSqlMetadataStore(db, { url }), path, schemaVersion };
}
