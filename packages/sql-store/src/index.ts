export { openSqliteMetadataStore } from "./sqlite/open.js";
export { createSqliteKysely } from "./sqlite/kysely-store.js";
export type { SqliteMetadataStore, SqliteMetadataStoreOptions } from "./sqlite/open.js";
export { createSqlMetadataStore } from "./store/index.js";
export type { SqlMetadataStoreOptions } from "./store/index.js";
export { MIGRATIONS, migrateToLatest, readSchemaVersion } from "./migrations/index.js";
export { LATEST_SCHEMA_VERSION } from "./migrations/latest.js";
export type { Migration } from "./migrations/index.js";
export {
  StoreTooNewError,
  StoreClosedError,
  ComponentInUseError,
  InvalidStateError,
  InvalidArgumentError,
  SqliteDriverUnavailableError,
} from "./errors.js";
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from "./store/page.js";
export { uuidv7, createUuidV7Generator, uuidv7Timestamp } from "./ids.js";
export type { UuidV7Options, RandomBytes } from "./ids.js";
export type * from "./schema.js";
