import { AlreadyExistsError, NotFoundError, type NewRun } from "@koan/contracts";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, InvalidStateError } from "../src/index.js";
import { openTempStore, spec, startRun } from "./helpers.js";

function newRun(pipelineVersionId: string, name: string): NewRun {
  return {
    name,
    pipelineVersionId,
    stackName: "local",
    stack: { orchestrator: { flavor: "local", config: { workers: 2 } } },
    params: { epochs: 3, tags: ["a"] },
    host: "box",
    pid: 42,
  };
}

describe("runs", () => {
  it("createRun stores a running run with its pipeline", async () => {
    const store = await openTempStore();
    const version = await store.savePipelineVersion("training", "h", spec("training"));
    const before = new Date().toISOString();
    const run = await store.createRun(newRun(version.id, "training-1"));
    expect(run).toEqual({
      id: expect.any(String),
      name: "training-1",
      pipelineId: version.pipelineId,
      pipelineName: "training",
      pipelineVersionId: version.id,
      status: "running",
      stackName: "local",
      stack: { orchestrator: { flavor: "local", config: { workers: 2 } } },
      params: { epochs: 3, tags: ["a"] },
      startedAt: expect.any(String),
      endedAt: null,
      error: null,
      host: "box",
      pid: 42,
      metadata: {},
    });
    expect(run.startedAt >= before).toBe(true);
    expect(await store.getRun(run.id)).toEqual(run);
    expect(await store.getRun("training-1")).toEqual(run);
    expect(await store.getRun("nope")).toBeUndefined();
  });

  it("refuses a duplicate run name and an unknown pipeline version", async () => {
    const store = await openTempStore();
    const version = await store.savePipelineVersion("training", "h", spec("training"));
    await store.createRun(newRun(version.id, "same"));
    await expect(store.createRun(newRun(version.id, "same"))).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(store.createRun(newRun("no-such-version", "other"))).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.countRuns()).toBe(1);
  });

  it("finishRun sets status, end time and error, and merges metadata", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store, "r1");
    const failed = await store.finishRun(run.id, { status: "failed", error: "boom", metadata: { reason: "oom" } });
    expect(failed.status).toBe("failed");
    expect(failed.error).toBe("boom");
    expect(failed.endedAt).not.toBeNull();
    expect(failed.metadata).toEqual({ reason: "oom" });
    expect(await store.getRun(run.id)).toEqual(failed);

    const { run: other } = await startRun(store, "r2");
    const done = await store.finishRun(other.id, { status: "completed", error: null });
    expect(done.status).toBe("completed");
    expect(done.metadata).toEqual({});
  });

  it("finishRun refuses an unknown run and a run that already ended", async () => {
    const store = await openTempStore();
    await expect(store.finishRun("missing", { status: "completed", error: null })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("koan run list"),
    });
    const { run } = await startRun(store);
    await store.finishRun(run.id, { status: "completed", error: null });
    await expect(store.finishRun(run.id, { status: "failed", error: "late" })).rejects.toBeInstanceOf(InvalidStateError);
    expect((await store.getRun(run.id))?.status).toBe("completed");
  });

  it("lists runs newest first, filtered by pipeline and status, with keyset pagination", async () => {
    const store = await openTempStore();
    const a = await store.savePipelineVersion("a", "h", spec("a"));
    const b = await store.savePipelineVersion("b", "h", spec("b"));
    const names: string[] = [];
    for (let i = 0; i < 12; i++) {
      const run = await store.createRun(newRun(i % 3 === 0 ? b.id : a.id, `run-${i}`));
      names.push(run.name);
      if (i % 2 === 0) await store.finishRun(run.id, { status: "completed", error: null });
    }
    const all = await store.listRuns();
    expect(all.map((r) => r.name)).toEqual([...names].reverse());

    const fromA = await store.listRuns({ pipeline: "a" });
    expect(fromA.map((r) => r.name)).toEqual(names.filter((_, i) => i % 3 !== 0).reverse());
    expect(fromA.every((r) => r.pipelineName === "a")).toBe(true);

    const running = await store.listRuns({ status: "running" });
    expect(running.map((r) => r.name)).toEqual(names.filter((_, i) => i % 2 === 1).reverse());

    const both = await store.listRuns({ pipeline: "b", status: "completed" });
    expect(both.map((r) => r.name)).toEqual(["run-6", "run-0"]);

    const page1 = await store.listRuns({ limit: 5 });
    const page2 = await store.listRuns({ limit: 5, before: page1.at(-1)?.id });
    const page3 = await store.listRuns({ limit: 5, before: page2.at(-1)?.id });
    expect([...page1, ...page2, ...page3].map((r) => r.name)).toEqual([...names].reverse());
    expect(page3).toHaveLength(2);

    const filteredPage = await store.listRuns({ pipeline: "a", limit: 3, before: fromA[2]?.id });
    expect(filteredPage.map((r) => r.name)).toEqual(fromA.slice(3, 6).map((r) => r.name));

    expect(await store.listRuns({ pipeline: "unknown" })).toEqual([]);
  });

  it("counts runs with the same filters", async () => {
    const store = await openTempStore();
    const a = await store.savePipelineVersion("a", "h", spec("a"));
    const b = await store.savePipelineVersion("b", "h", spec("b"));
    for (let i = 0; i < 5; i++) await store.createRun(newRun(a.id, `a-${i}`));
    const bRun = await store.createRun(newRun(b.id, "b-0"));
    await store.finishRun(bRun.id, { status: "failed", error: "x" });
    expect(await store.countRuns()).toBe(6);
    expect(await store.countRuns({ pipeline: "a" })).toBe(5);
    expect(await store.countRuns({ status: "failed" })).toBe(1);
    expect(await store.countRuns({ pipeline: "a", status: "failed" })).toBe(0);
    expect(await store.countRuns({ pipeline: "nope" })).toBe(0);
  });

  it("applies the default limit of 50, caps limits at 1000, and refuses non-positive ones", async () => {
    const store = await openTempStore();
    const version = await store.savePipelineVersion("p", "h", spec("p"));
    for (let i = 0; i < 55; i++) await store.createRun(newRun(version.id, `r-${i}`));
    expect(await store.listRuns()).toHaveLength(50);
    expect(await store.listRuns({ limit: 5000 })).toHaveLength(55);
    await expect(store.listRuns({ limit: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.listRuns({ limit: 1.5 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
