/*
 * The schema version MIGRATIONS brings a database to, kept apart from the
 * migrations themselves (which import Kysely) so that opening an up-to-date
 * store can check its version without loading Kysely. A test checks that it
 * equals MIGRATIONS.length: raise it with every new migration.
 */
export const LATEST_SCHEMA_VERSION = 2;
