import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { NewArtifact, OutputRef, PipelineSpec, PipelineVersionRecord, RunRecord } from "@koan/contracts";
import { afterEach } from "vitest";
import { openSqliteMetadataStore, type SqliteMetadataStore } from "../src/index.js";

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** A fresh folder under the OS temp dir, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "koan-sql-store-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A store on a real SQLite file, closed after the test. */
export async function openTempStore(): Promise<SqliteMetadataStore> {
  const dir = await tempDir();
  const store = await openSqliteMetadataStore({ path: join(dir, "koan.db") });
  cleanups.push(() => store.close());
  return store;
}

/** Raw access to the file for checks the store API cannot express; closed after the test. */
export function rawDb(path: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(path);
  cleanups.push(async () => {
    db.close();
  });
  return db;
}

export function spec(name: string, steps: readonly string[] = ["load", "train"]): PipelineSpec {
  return {
    specVersion: 1,
    name,
    enableCache: true,
    params: {},
    steps: steps.map((id, i) => ({
      id,
      name: id,
      sourceHash: `src-${id}`,
      version: null,
      params: {},
      inputs: i === 0 ? {} : ({ data: { step: steps[i - 1] ?? "", output: "output" } } as Record<string, OutputRef>),
      outputs: [{ name: "output", materializer: null }],
      upstream: i === 0 ? [] : [steps[i - 1] ?? ""],
      enableCache: null,
      retry: { maxAttempts: 1, delayMs: 0, backoff: 1, maxDelayMs: 0 },
    })),
  };
}

export function artifact(outputName: string, extra: Partial<NewArtifact> = {}): NewArtifact {
  return {
    key: `artifacts/${outputName}-${Math.random().toString(36).slice(2)}`,
    uri: `file:///tmp/artifacts/${outputName}`,
    storeIdentity: "local:/tmp/artifacts",
    materializer: "koan.json",
    dataType: "Array",
    size: 42,
    contentHash: "sha256:00",
    metadata: { rows: 3 },
    outputName,
    ...extra,
  };
}

/** A pipeline version plus a running run, the usual starting point of step tests. */
export async function startRun(
  store: SqliteMetadataStore,
  name = `run-${Math.random().toString(36).slice(2)}`,
  pipeline = "training",
): Promise<{ version: PipelineVersionRecord; run: RunRecord }> {
  const version = await store.savePipelineVersion(pipeline, `hash-${pipeline}`, spec(pipeline));
  const run = await store.createRun({
    name,
    pipelineVersionId: version.id,
    stackName: "default",
    stack: { orchestrator: { flavor: "local", config: {} } },
    params: { lr: 0.1 },
    host: "test-host",
    pid: 1234,
  });
  return { version, run };
}
