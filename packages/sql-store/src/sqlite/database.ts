import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { SqliteDriverUnavailableError } from "../errors.js";

/*
 * The native binding is loaded with require(), not import: importing a
 * CommonJS module from ESM makes Node lex its source to find named exports,
 * which costs a few milliseconds of every process start for nothing.
 */
const requireFromHere = createRequire(import.meta.url);
const BetterSqlite3Constructor = requireFromHere("better-sqlite3") as typeof BetterSqlite3;

/*
 * The compiled addon's path, given to better-sqlite3 so it skips the
 * `bindings` package, which otherwise loads and then tries a dozen candidate
 * paths at the first open. When the addon is elsewhere (a debug build, say),
 * better-sqlite3 finds it itself as before.
 */
const NATIVE_BINDING = ((): BetterSqlite3.Options => {
  try {
    return { nativeBinding: requireFromHere.resolve("better-sqlite3/build/Release/better_sqlite3.node") };
  } catch {
    return {};
  }
})();

export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

/** Opens a SQLite file with Koan's pragmas (busy timeout, WAL, foreign keys). Kysely-free. */
export function openDatabase(path: string, busyTimeoutMs: number): BetterSqlite3.Database {
  const database = newDatabase(path, NATIVE_BINDING);
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
 * A better-sqlite3 database; an addon this Node.js cannot load (built for
 * another version or platform) becomes an error that says how to fix it.
 */
export function newDatabase(path: string, options: BetterSqlite3.Options): BetterSqlite3.Database {
  try {
    return new BetterSqlite3Constructor(path, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_DLOPEN_FAILED") throw error;
    const addonPath = typeof options.nativeBinding === "string" ? options.nativeBinding : undefined;
    throw new SqliteDriverUnavailableError(addonPath, error as Error);
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

/**
 * The highest applied migration (0 for a database Koan never touched), read
 * with two small statements instead of Kysely's introspection of every table:
 * this runs at every open, so on every CLI command.
 */
export function readSqliteSchemaVersion(database: BetterSqlite3.Database): number {
  const table = database.prepare("select 1 from sqlite_master where type = 'table' and name = 'koan_migrations'").get();
  if (table === undefined) return 0;
  const row = database.prepare("select max(version) as version from koan_migrations").get() as { version: number | null } | undefined;
  return Number(row?.version ?? 0);
}
