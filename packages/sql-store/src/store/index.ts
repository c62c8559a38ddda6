import type { Kysely } from "kysely";
import type { MetadataStore } from "@koan/contracts";
import { StoreClosedError } from "../errors.js";
import { uuidv7 } from "../ids.js";
import type { Database } from "../schema.js";
import { isoNow } from "../time.js";
import { artifactMethods } from "./artifacts.js";
import { componentMethods } from "./components.js";
import { componentStateMethods } from "./component-state.js";
import type { StoreContext } from "./context.js";
import { pipelineMethods } from "./pipelines.js";
import { runMethods } from "./runs.js";
import { stackMethods } from "./stacks.js";
import { stepMethods } from "./steps.js";
import { QueryTemplates } from "./templates.js";

export interface SqlMetadataStoreOptions {
  /** Shown to people as the store's location; must not contain a password. */
  readonly url: string;
  /** Id generator; UUIDv7 by default. Ids must sort by creation time. */
  readonly newId?: () => string;
  /** Clock for stored timestamps (ISO-8601 UTC). */
  readonly now?: () => string;
}

type Methods = Omit<MetadataStore, "specVersion" | "url" | "close">;
type AsyncFunction = (...args: never[]) => Promise<unknown>;

/**
 * The dialect-neutral MetadataStore over an already migrated database.
 *
 * Writes run in `db.transaction()`. The database must give a write
 * transaction its write lock from BEGIN (SQLite: `BEGIN IMMEDIATE`, which
 * `createSqliteKysely` does; on PostgreSQL unique constraints and row locks
 * suffice), or concurrent writers fail instead of waiting. It must also
 * enforce foreign keys (SQLite: `PRAGMA foreign_keys = ON`, which
 * `createSqliteKysely` sets): some writes rely on them to refuse references
 * to records that do not exist, and only then look up which one it was.
 */
export function createSqlMetadataStore(db: Kysely<Database>, options: SqlMetadataStoreOptions): MetadataStore {
  const ctx: StoreContext = { db, newId: options.newId ?? uuidv7, now: options.now ?? isoNow, templates: new QueryTemplates() };
  const methods: Methods = {
    ...pipelineMethods(ctx),
    ...runMethods(ctx),
    ...stepMethods(ctx),
    ...artifactMethods(ctx),
    ...componentMethods(ctx),
    ...stackMethods(ctx),
    ...componentStateMethods(ctx),
  };

  // close() lets every call already made finish (a call may be several
  // queries, e.g. a read then a transaction), then closes the database.
  const inFlight = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;
  const tracked = {} as Record<string, AsyncFunction>;
  for (const [name, method] of Object.entries(methods) as Array<[string, AsyncFunction]>) {
    tracked[name] = (...args) => {
      if (closing) return Promise.reject(new StoreClosedError(options.url));
      const call = method(...args);
      inFlight.add(call);
      const forget = () => inFlight.delete(call);
      call.then(forget, forget);
      return call;
    };
  }

  return {
    specVersion: 1,
    url: options.url,
    ...(tracked as unknown as Methods),
    close() {
      closing ??= Promise.allSettled(inFlight).then(() => db.destroy());
      return closing;
    },
  };
}
