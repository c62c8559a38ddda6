import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
  type TransactionSettings,
} from "kysely";
import { Mutex } from "./mutex.js";

/*
 * How a SQLite transaction begins, and why it differs from Kysely's default.
 *
 * 1. Every write transaction begins IMMEDIATE, i.e. takes SQLite's write lock
 *    up front. With Kysely's plain `BEGIN` (deferred), a transaction that
 *    reads and then writes must upgrade its read lock; if another process
 *    wrote in between, SQLite fails the upgrade at once with SQLITE_BUSY
 *    (waiting could deadlock) and busy_timeout does not help. Taking the lock
 *    at BEGIN makes concurrent writers queue on busy_timeout instead, and
 *    keeps "check, then insert" sequences race-free across processes.
 *
 * 2. Within one store, nothing interleaves: SqliteDriver hands out its single
 *    connection under a mutex for a whole transaction, so a second async
 *    transaction (or any query) waits until the first commits or rolls back.
 *
 * 3. Two stores on the same file in one process (an engine and a CLI command
 *    in one test, say) have two connections. better-sqlite3 is synchronous:
 *    if the second blocked in BEGIN IMMEDIATE on busy_timeout, it would block
 *    the event loop the first needs to reach its COMMIT, and both would stall
 *    until the timeout. So write transactions on one file also take a
 *    process-wide async lock before BEGIN IMMEDIATE; SQLite's lock then only
 *    ever waits on other processes.
 *
 * Transactions declared `read only` keep a deferred BEGIN and no lock: in WAL
 * mode readers never block writers.
 */

const fileLocks = new Map<string, Mutex>();

/** The process-wide write lock of one database file, keyed by its real path. */
function fileWriteLock(realPath: string): Mutex {
  let lock = fileLocks.get(realPath);
  if (!lock) {
    lock = new Mutex();
    fileLocks.set(realPath, lock);
  }
  return lock;
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #fileLock: Mutex;
  #release: (() => void) | undefined;

  constructor(config: SqliteDialectConfig, fileLock: Mutex) {
    super(config);
    this.#fileLock = fileLock;
  }

  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    if (settings?.accessMode === "read only") {
      await connection.executeQuery(CompiledQuery.raw("begin"));
      return;
    }
    const release = await this.#fileLock.lock();
    try {
      await connection.executeQuery(CompiledQuery.raw("begin immediate"));
    } catch (error) {
      release();
      throw error;
    }
    this.#release = release;
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await super.commitTransaction(connection);
    // Not in a finally: after a failed COMMIT the transaction is still open and
    // Kysely rolls it back next; the lock is released once that is done.
    this.#releaseFileLock();
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } finally {
      this.#releaseFileLock();
    }
  }

  #releaseFileLock(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}

/** Kysely's SQLite dialect with immediate, process-wide serialized write transactions. */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #realPath: string;

  constructor(config: SqliteDialectConfig & { readonly realPath: string }) {
    super(config);
    this.#config = config;
    this.#realPath = config.realPath;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, fileWriteLock(this.#realPath));
  }
}
