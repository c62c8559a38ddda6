import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type SqliteStatement,
  type TransactionSettings,
} from "kysely";
import type { MetadataStore } from "@koan/contracts";
import { MIGRATIONS, migrateToLatest } from "./migrations/index.js";
import type { Database } from "./schema.js";
import { createSqlMetadataStore } from "./store/index.js";

/*
 * Everything SQLite-specific lives in this file: opening the file, pragmas,
 * the statement cache and how a transaction begins. The store itself is
 * dialect-neutral Kysely code that PostgreSQL will reuse.
 */

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

const DEFAULT_BUSY_TIMEOUT_MS = 10_000;
const STATEMENT_CACHE_SIZE = 256;

/*
 * Every write transaction begins IMMEDIATE, i.e. takes SQLite's write lock up
 * front. With Kysely's plain `BEGIN` (deferred), a transaction that reads and
 * then writes must upgrade its read lock; if another process wrote in between,
 * SQLite fails the upgrade at once with SQLITE_BUSY (waiting could deadlock),
 * ignoring busy_timeout. Taking the lock at BEGIN makes concurrent writers
 * queue on busy_timeout instead, and keeps read-then-insert sequences such as
 * "check the name is free, then insert" race-free across processes.
 *
 * Within one process no extra queue is needed: SqliteDriver hands out its
 * single connection under a mutex for the whole transaction, so a second
 * async transaction (or any query) waits until the first commits or rolls
 * back and statements of two transactions never interleave.
 * Transactions declared `read only` keep the deferred BEGIN: WAL readers never
 * block writers and need no lock.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    const begin = settings?.accessMode === "read only" ? "begin" : "begin immediate";
    await connection.executeQuery(CompiledQuery.raw(begin));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/*
 * Kysely prepares every query it runs; preparing is a large share of a small
 * query's cost. Kysely compiles the same builder shape to the same SQL text
 * with different parameters, so caching prepared statements by text turns
 * the hot paths (one step = a handful of queries) into reuse. LRU-bounded
 * because `IN (...)` lists produce one text per list length.
 */
function withStatementCache(database: BetterSqlite3.Database, capacity: number): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (cache.size >= capacity) {
          const oldest = cache.keys().next();
          if (!oldest.done) cache.delete(oldest.value);
        }
      }
      cache.set(sql, statement);
      return statement;
    },
    close(): void {
      cache.clear();
      database.close();
    },
  };
}

function openDatabase(path: string, busyTimeoutMs: number): BetterSqlite3.Database {
  const database = new BetterSqlite3(path);
  try {
    // busy_timeout first: switching to WAL itself needs a lock another process may hold.
    database.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    // WAL: readers never block the writer and the writer never blocks readers.
    database.pragma("journal_mode = WAL");
    // In WAL mode NORMAL is durable against crashes of the process; only a power loss may drop the last commits.
    database.pragma("synchronous = NORMAL");
    database.pragma("foreign_keys = ON");
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
}

/** A Kysely over a SQLite file with Koan's pragmas and immediate write transactions. */
export function createSqliteKysely(path: string, options: { busyTimeoutMs?: number } = {}): Kysely<Database> {
  const database = openDatabase(path, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  return new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(database, STATEMENT_CACHE_SIZE) }),
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
