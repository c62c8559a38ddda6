import type { Kysely } from "kysely";

/**
 * One step of the schema's history. Versions are consecutive integers from 1.
 * A migration is never edited once released: a change is a new migration.
 * `up` sees an untyped Kysely because it runs against the schema as it was at
 * that point in history, not the current `Database` type.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Kysely<unknown>): Promise<void>;
}
