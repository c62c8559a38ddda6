import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import type { MetadataStore } from "@koan/contracts";
import { StoreClosedError, StoreTooNewError } from "../errors.js";
import { LATEST_SCHEMA_VERSION } from "../migrations/latest.js";
import { DEFAULT_BUSY_TIMEOUT_MS, openDatabase, readSqliteSchemaVersion } from "./database.js";
import { sqliteStackReads } from "./stack-reads.js";

export interface SqliteMetadataStoreOptions {
  /** The database file; parent folders are created. */
  readonly path: string;
  /** How long a writer waits for another process's write lock before failing. Default 10 s. */
  readonly busyTimeoutMs?: number;
}

export interface SqliteMetadataStore extends MetadataStore {
  /** Absolute path of the database file. */
  readonly path: string;
  /** The schema version after migrating. */
  readonly schemaVersion: number;
}

type Methods = Omit<MetadataStore, "specVersion" | "url" | "close">;
type AsyncFunction = (...args: never[]) => Promise<unknown>;

/** Every method of the store; the check below fails to compile when MetadataStore gains one. */
const METHODS = [
  "savePipelineVersion", "getPipeline", "listPipelines", "getPipelineVersion", "createRun", "finishRun",
  "getRun", "listRuns", "countRuns", "createStepRun", "finishStepRun", "getStepRun", "listStepRuns",
  "findCacheHit", "getArtifact", "listArtifacts", "listStepArtifacts", "getArtifactLineage", "saveComponent",
  "updateComponent", "getComponent", "listComponents", "deleteComponent", "saveStack", "updateStack",
  "getStack", "listStacks", "deleteStack", "putComponentState", "getComponentState", "listComponentState",
  "deleteComponentState",
] as const;
type Missing = Exclude<keyof Methods, (typeof METHODS)[number]>;
const allMethodsListed: [Missing] extends [never] ? true : Missing = true;
void allMethodsListed;

/**
 * Opens (creating if needed) the SQLite metadata store at `path` and migrates it to the latest schema.
 *
 * Kysely (and the rest of the query code) is imported only when a call first
 * needs it: an up-to-date store serves the stack reads every CLI command
 * starts with from prepared statements (see stack-reads.ts), so `koan stack
 * list` never loads it. See docs/benchmarks.md.
 */
export async function openSqliteMetadataStore(options: SqliteMetadataStoreOptions): Promise<SqliteMetadataStore> {
  const path = resolve(options.path);
  mkdirSync(dirname(path), { recursive: true });
  const url = `sqlite:${path}`;
  const database = openDatabase(path, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  let schemaVersion: number;
  try {
    schemaVersion = readSqliteSchemaVersion(database);
  } catch (error) {
    database.close();
    throw error;
  }
  if (schemaVersion > LATEST_SCHEMA_VERSION) {
    database.close();
    throw new StoreTooNewError(url, schemaVersion, LATEST_SCHEMA_VERSION);
  }
  if (schemaVersion < LATEST_SCHEMA_VERSION) {
    const { migratedKyselyStore } = await import("./kysely-store.js");
    const migrated = await migratedKyselyStore(database, url);
    return { ...migrated.store, path, schemaVersion: migrated.schemaVersion };
  }
  return { ...lazyStore(database, url), path, schemaVersion };
}

/**
 * The store over an up-to-date database that loads its Kysely part on first
 * need. The stack reads run directly only until then: afterwards a read on
 * the shared connection could see a transaction Kysely has open.
 */
function lazyStore(database: BetterSqlite3.Database, url: string): MetadataStore {
  const direct = sqliteStackReads(database);
  let full: Promise<MetadataStore> | undefined;
  const loadFull = () => (full ??= import("./kysely-store.js").then((m) => m.kyselyStoreOver(database, url)));
  const inFlight = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;

  const methods = {} as Record<string, AsyncFunction>;
  for (const name of METHODS) {
    methods[name] = (...args: never[]) => {
      if (closing) return Promise.reject(new StoreClosedError(url));
      let call: Promise<unknown>;
      if (!full && (name === "listStacks" || name === "getStack")) {
        try {
          call = Promise.resolve((direct[name] as (...a: never[]) => unknown)(...args));
        } catch (error) {
          call = Promise.reject(error);
        }
      } else {
        call = loadFull().then((store) => (store[name] as AsyncFunction)(...args));
      }
      inFlight.add(call);
      const forget = () => inFlight.delete(call);
      call.then(forget, forget);
      return call;
    };
  }

  return {
    specVersion: 1,
    url,
    ...(methods as unknown as Methods),
    close() {
      closing ??= Promise.allSettled(inFlight).then(async () => {
        const store = await full?.catch(() => undefined);
        if (store) await store.close();
        else database.close();
      });
      return closing;
    },
  };
}
