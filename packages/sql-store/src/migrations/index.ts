import { initialMigration } from "./0001-initial.js";
import { componentStateMigration } from "./0002-component-state.js";
import type { Migration } from "./migration.js";

/** Every migration, oldest first. Append only. */
export const MIGRATIONS: readonly Migration[] = [initialMigration, componentStateMigration];

export type { Migration } from "./migration.js";
export { migrateToLatest, readSchemaVersion } from "./migrator.js";
