import type { Kysely } from "kysely";
import type { MetadataStore } from "@koan/contracts";
import { uuidv7 } from "../ids.js";
import type { Database } from "../schema.js";
import { isoNow } from "../time.js";
import { artifactMethods } from "./artifacts.js";
import { componentMethods } from "./components.js";
import type { StoreContext } from "./context.js";
import { pipelineMethods } from "./pipelines.js";
import { runMethods } from "./runs.js";
import { stackMethods } from "./stacks.js";
import { stepMethods } from "./steps.js";

export interface SqlMetadataStoreOptions {
  /** Shown to people as the store's location; must not contain a password. */
  readonly url: string;
  /** Id generator; UUIDv7 by default. Ids must sort by creation time. */
  readonly newId?: () => string;
  /** Clock for stored timestamps (ISO-8601 UTC). */
  readonly now?: () => string;
}

/**
 * The dialect-neutral MetadataStore over an already migrated database.
 *
 * Writes run in `db.transaction()`. The database must give a write
 * transaction its write lock from BEGIN (SQLite: `BEGIN IMMEDIATE`, which
 * `createSqliteKysely` does; PostgreSQL row locks and unique constraints need
 * nothing more), or concurrent writers fail instead of waiting.
 */
export function createSqlMetadataStore(db: Kysely<Database>, options: SqlMetadataStoreOptions): MetadataStore {
  const ctx: StoreContext = { db, newId: options.newId ?? uuidv7, now: options.now ?? isoNow };
  let closing: Promise<void> | undefined;
  return {
    specVersion: 1,
    url: options.url,
    ...pipelineMethods(ctx),
    ...runMethods(ctx),
    ...stepMethods(ctx),
    ...artifactMethods(ctx),
    ...componentMethods(ctx),
    ...stackMethods(ctx),
    close() {
      // Wait for the connection to be free, so writes already started commit before the file closes.
      closing ??= db.connection().execute(async () => undefined).then(() => db.destroy());
      return closing;
    },
  };
}
