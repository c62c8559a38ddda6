import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createSqliteKysely, migrateToLatest, MIGRATIONS, openSqliteMetadataStore } from "../src/index.js";
import { artifact, openTempStore, rawDb, spec, startRun, tempDir } from "./helpers.js";

describe("transactions in one process", () => {
  it("queues concurrent transactions on the single connection instead of interleaving them", async () => {
    const path = join(await tempDir(), "koan.db");
    const db = createSqliteKysely(path);
    try {
      await migrateToLatest(db, { url: "test", migrations: MIGRATIONS });
      const events: string[] = [];
      const write = (name: string, delayMs: number) =>
        db.transaction().execute(async (trx) => {
          events.push(`${name} begin`);
          await sleep(delayMs);
          await trx.insertInto("pipelines").values({ id: name, name, created_at: new Date().toISOString() }).execute();
          await sleep(delayMs);
          events.push(`${name} end`);
        });
      await Promise.all([write("a", 30), write("b", 1), write("c", 10)]);
      expect(events).toEqual(["a begin", "a end", "b begin", "b end", "c begin", "c end"]);
    } finally {
      await db.destroy();
    }
  });

  it("a failing transaction rolls back and releases the connection for the next one", async () => {
    const path = join(await tempDir(), "koan.db");
    const db = createSqliteKysely(path);
    try {
      await migrateToLatest(db, { url: "test", migrations: MIGRATIONS });
      const failing = db.transaction().execute(async (trx) => {
        await trx.insertInto("pipelines").values({ id: "x", name: "x", created_at: "t" }).execute();
        throw new Error("nope");
      });
      const next = db.transaction().execute(async (trx) => {
        await trx.insertInto("pipelines").values({ id: "y", name: "y", created_at: "t" }).execute();
      });
      await expect(failing).rejects.toThrow("nope");
      await next;
      expect((await db.selectFrom("pipelines").select("id").execute()).map((r) => r.id)).toEqual(["y"]);
    } finally {
      await db.destroy();
    }
  });

  it("runs many concurrent store calls consistently", async () => {
    const store = await openTempStore();
    const version = await store.savePipelineVersion("p", "h", spec("p"));
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const run = await store.createRun({
          name: `r${i}`,
          pipelineVersionId: version.id,
          stackName: "s",
          stack: {},
          params: {},
          host: "h",
          pid: 1,
        });
        const step = await store.createStepRun({ runId: run.id, stepId: "a", stepName: "a", status: "running", params: null, inputs: {} });
        await store.finishStepRun(step.id, {
          status: "completed",
          cacheKey: `k${i % 4}`,
          attempts: 1,
          outputs: [artifact("output")],
          logsKey: null,
          metadata: {},
        });
        await store.finishRun(run.id, { status: "completed", error: null });
      }),
    );
    expect(await store.countRuns({ status: "completed" })).toBe(40);
    expect(await store.listArtifacts({ limit: 100 })).toHaveLength(40);
  });

  it("two stores on one file in one process take turns instead of deadlocking on the write lock", async () => {
    const path = join(await tempDir(), "koan.db");
    const first = await openSqliteMetadataStore({ path, busyTimeoutMs: 2000 });
    const second = await openSqliteMetadataStore({ path, busyTimeoutMs: 2000 });
    try {
      // A deadlock on the write lock would surface as SQLITE_BUSY once the
      // busy timeout passes, rejecting this Promise.all: no clock needed.
      await Promise.all(
        [first, second].flatMap((store, s) =>
          Array.from({ length: 20 }, async (_, i) => {
            const { run } = await startRun(store, `s${s}-r${i}`);
            const step = await store.createStepRun({ runId: run.id, stepId: "a", stepName: "a", status: "running", params: null, inputs: {} });
            await store.finishStepRun(step.id, {
              status: "completed",
              cacheKey: null,
              attempts: 1,
              outputs: [artifact("output")],
              logsKey: null,
              metadata: {},
            });
          }),
        ),
      );
      expect(await first.countRuns()).toBe(40);
      expect(await second.countRuns()).toBe(40);
    } finally {
      await first.close();
      await second.close();
    }
    expect(rawDb(path).pragma("integrity_check", { simple: true })).toBe("ok");
  });

  it("close waits for a write in flight and is idempotent", async () => {
    const store = await openSqliteMetadataStore({ path: join(await tempDir(), "koan.db") });
    const saving = store.savePipelineVersion("p", "h", spec("p"));
    await Promise.all([store.close(), store.close()]);
    await expect(saving).resolves.toMatchObject({ specHash: "h" });
    await expect(store.getPipeline("p")).rejects.toMatchObject({ code: "STORE_CLOSED" });
    const reopened = await openSqliteMetadataStore({ path: store.path });
    expect(await reopened.getPipeline("p")).toBeDefined();
    await reopened.close();
  });
});
