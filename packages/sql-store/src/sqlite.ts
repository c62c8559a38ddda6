/*
 * The light entry `@koan/sql-store/sqlite`: just opening the SQLite store.
 * The main entry re-exports the Kysely-based building blocks too, which
 * would load Kysely at import; this one loads it only when the store first
 * needs it (see sqlite/open.ts).
 */
export { openSqliteMetadataStore } from "./sqlite/open.js";
export type { SqliteMetadataStore, SqliteMetadataStoreOptions } from "./sqlite/open.js";
