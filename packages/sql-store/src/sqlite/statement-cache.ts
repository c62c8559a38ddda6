import type BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase, SqliteStatement } from "kysely";

/*
 * Kysely prepares every query it runs, and preparing is a large share of a
 * small query's cost. Kysely compiles one builder shape to one SQL text, the
 * values travelling as parameters, so caching prepared statements by text
 * turns the hot paths (a handful of queries per step) into reuse: this is the
 * "prepared statement" path Kysely leaves to the driver. LRU-bounded because
 * `IN (...)` lists give one text per list length. Safe because better-sqlite3
 * runs a statement to completion synchronously (the store never streams), so
 * no statement is ever used by two queries at once.
 */
export function withStatementCache(database: BetterSqlite3.Database, capacity: number): SqliteDatabase {
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
