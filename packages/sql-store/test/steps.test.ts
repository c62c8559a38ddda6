import { NotFoundError } from "@koan/contracts";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, InvalidStateError } from "../src/index.js";
import { artifact, openTempStore, rawDb, startRun } from "./helpers.js";

async function completedStep(store: Awaited<ReturnType<typeof openTempStore>>, runId: string, cacheKey: string | null) {
  const step = await store.createStepRun({ runId, stepId: "load", stepName: "load", status: "running", params: null, inputs: {} });
  const done = await store.finishStepRun(step.id, {
    status: "completed",
    cacheKey,
    attempts: 1,
    outputs: [artifact("train"), artifact("test")],
    logsKey: "logs/load.txt",
    metadata: { rows: 1000 },
  });
  const { outputs, ...record } = done;
  return { step: record, outputs };
}

describe("step runs", () => {
  it("createStepRun records a running step with its input links", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    const { outputs } = await completedStep(store, run.id, "k1");
    const step = await store.createStepRun({
      runId: run.id,
      stepId: "train",
      stepName: "train",
      status: "running",
      params: { lr: 0.05 },
      inputs: { data: outputs.train!.id, holdout: outputs.test!.id },
    });
    expect(step).toEqual({
      id: expect.any(String),
      runId: run.id,
      stepId: "train",
      stepName: "train",
      status: "running",
      cacheKey: null,
      cachedFromId: null,
      params: { lr: 0.05 },
      attempts: 0,
      startedAt: expect.any(String),
      endedAt: null,
      logsKey: null,
      error: null,
      metadata: {},
    });
    expect(await store.getStepRun(step.id)).toEqual(step);
    const links = await store.listStepArtifacts(step.id);
    expect(links.map((l) => [l.direction, l.name, l.artifact.id])).toEqual([
      ["input", "data", outputs.train!.id],
      ["input", "holdout", outputs.test!.id],
    ]);
  });

  it("records a skipped step as already ended", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    const step = await store.createStepRun({ runId: run.id, stepId: "s", stepName: "s", status: "skipped", params: null, inputs: {} });
    expect(step.status).toBe("skipped");
    expect(step.endedAt).toBe(step.startedAt);
    await expect(store.finishStepRun(step.id, { status: "failed", attempts: 1, error: "x", logsKey: null, metadata: {} })).rejects.toBeInstanceOf(
      InvalidStateError,
    );
  });

  it("createStepRun refuses an unknown run or input artifact and writes nothing", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    await expect(
      store.createStepRun({ runId: "nope", stepId: "s", stepName: "s", status: "running", params: null, inputs: {} }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      store.createStepRun({ runId: run.id, stepId: "s", stepName: "s", status: "running", params: null, inputs: { x: "ghost" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", ref: "ghost" });
    // The run is named first when both are unknown, as before the foreign keys did the checking.
    await expect(
      store.createStepRun({ runId: "nope", stepId: "s", stepName: "s", status: "running", params: null, inputs: { x: "ghost" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", kind: "run", ref: "nope" });
    expect(await store.listStepRuns(run.id)).toEqual([]);
    expect(rawDb(store.path).prepare("select count(*) as n from step_artifacts").get()).toEqual({ n: 0 });
    // A refused write rolled back and let go of the write lock: the next one goes through.
    const step = await store.createStepRun({ runId: run.id, stepId: "s", stepName: "s", status: "running", params: null, inputs: {} });
    expect((await store.listStepRuns(run.id)).map((s) => s.id)).toEqual([step.id]);
  });

  it("finishStepRun completed: stores artifacts produced by the step and links them as outputs", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    const step = await store.createStepRun({ runId: run.id, stepId: "load", stepName: "load", status: "running", params: null, inputs: {} });
    expect(await store.listStepArtifacts(step.id)).toEqual([]);
    const done = await store.finishStepRun(step.id, {
      status: "completed",
      cacheKey: "ck",
      attempts: 2,
      outputs: [artifact("train", { size: 7 }), artifact("test")],
      logsKey: "logs/1",
      metadata: { m: 1 },
    });
    expect(done).toMatchObject({ status: "completed", cacheKey: "ck", attempts: 2, logsKey: "logs/1", metadata: { m: 1 } });
    expect(done.endedAt).not.toBeNull();
    const { outputs, ...record } = done;
    expect(await store.getStepRun(step.id)).toEqual(record);

    const links = await store.listStepArtifacts(step.id);
    expect(links.map((l) => [l.direction, l.name])).toEqual([
      ["output", "test"],
      ["output", "train"],
    ]);
    // What finishStepRun returns is what a read returns, so the engine needs no read-back.
    expect(outputs).toEqual(Object.fromEntries(links.map((l) => [l.name, l.artifact])));
    const train = links.find((l) => l.name === "train")!.artifact;
    expect(train).toMatchObject({
      size: 7,
      outputName: "train",
      producerStepRunId: step.id,
      producerRunId: run.id,
      materializer: "koan.json",
      metadata: { rows: 3 },
    });
    expect(await store.getArtifact(train.id)).toEqual(train);
  });

  it("finishStepRun cached: links the earlier artifacts and records where they came from", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store, "first");
    const source = await completedStep(store, run.id, "same-key");
    const { run: second } = await startRun(store, "second");
    const step = await store.createStepRun({ runId: second.id, stepId: "load", stepName: "load", status: "running", params: null, inputs: {} });
    const cached = await store.finishStepRun(step.id, {
      status: "cached",
      cacheKey: "same-key",
      cachedFromId: source.step.id,
      outputs: { train: source.outputs.train!.id, test: source.outputs.test!.id },
      metadata: {},
    });
    expect(cached).toMatchObject({ status: "cached", cacheKey: "same-key", cachedFromId: source.step.id });
    const links = await store.listStepArtifacts(step.id);
    expect(links.map((l) => [l.direction, l.name, l.artifact.id])).toEqual([
      ["output", "test", source.outputs.test!.id],
      ["output", "train", source.outputs.train!.id],
    ]);
    expect(cached.outputs).toEqual({ test: source.outputs.test, train: source.outputs.train });
    expect(await store.listArtifacts({ runId: second.id })).toEqual([]);
  });

  it("finishStepRun cached refuses unknown artifacts or source step", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    const source = await completedStep(store, run.id, "k");
    const step = await store.createStepRun({ runId: run.id, stepId: "x", stepName: "x", status: "running", params: null, inputs: {} });
    await expect(
      store.finishStepRun(step.id, { status: "cached", cacheKey: "k", cachedFromId: source.step.id, outputs: { a: "ghost" }, metadata: {} }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", kind: "artifact" });
    await expect(
      store.finishStepRun(step.id, { status: "cached", cacheKey: "k", cachedFromId: "ghost", outputs: {}, metadata: {} }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", kind: "step run" });
    expect((await store.getStepRun(step.id))?.status).toBe("running");
  });

  it("finishStepRun failed: records the error and no outputs", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    const step = await store.createStepRun({ runId: run.id, stepId: "t", stepName: "t", status: "running", params: null, inputs: {} });
    const failed = await store.finishStepRun(step.id, { status: "failed", attempts: 3, error: "diverged", logsKey: "logs/t", metadata: { a: 1 } });
    expect(failed).toMatchObject({ status: "failed", attempts: 3, error: "diverged", logsKey: "logs/t", metadata: { a: 1 }, outputs: {} });
    expect(await store.listStepArtifacts(step.id)).toEqual([]);
  });

  it("finishStepRun is atomic when the status change itself fails: nothing of the step's end is written", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    const step = await store.createStepRun({ runId: run.id, stepId: "t", stepName: "t", status: "running", params: null, inputs: {} });
    const raw = rawDb(store.path);
    raw.exec(`create trigger fail_end before update on step_runs when new.status = 'completed'
              begin select raise(abort, 'forced failure'); end`);
    const end = { status: "completed" as const, cacheKey: "k", attempts: 1, outputs: [artifact("a")], logsKey: null, metadata: { m: 1 } };
    await expect(store.finishStepRun(step.id, end)).rejects.toThrow(/forced failure/);
    expect(await store.getStepRun(step.id)).toEqual(step);
    expect(raw.prepare("select count(*) as n from artifacts").get()).toEqual({ n: 0 });
    expect(raw.prepare("select count(*) as n from step_artifacts").get()).toEqual({ n: 0 });
  });

  it("finishStepRun merges end metadata into the step run's metadata, in the same transaction", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    const step = await store.createStepRun({ runId: run.id, stepId: "t", stepName: "t", status: "running", params: null, inputs: {} });
    const done = await store.finishStepRun(step.id, { status: "completed", cacheKey: null, attempts: 1, outputs: [], logsKey: null, metadata: { a: 1 } });
    expect(done.metadata).toEqual({ a: 1 });
    expect((await store.getStepRun(step.id))?.metadata).toEqual({ a: 1 });
    // A failure after the merge rolls the merge back too.
    const other = await store.createStepRun({ runId: run.id, stepId: "u", stepName: "u", status: "running", params: null, inputs: {} });
    await expect(
      store.finishStepRun(other.id, { status: "cached", cacheKey: "k", cachedFromId: "ghost", outputs: {}, metadata: { b: 2 } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await store.getStepRun(other.id)).toEqual(other);
  });

  it("finishStepRun refuses an unknown step and a second finish", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    await expect(store.finishStepRun("nope", { status: "failed", attempts: 1, error: "x", logsKey: null, metadata: {} })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const { step } = await completedStep(store, run.id, null);
    await expect(
      store.finishStepRun(step.id, { status: "completed", cacheKey: null, attempts: 1, outputs: [artifact("train")], logsKey: null, metadata: {} }),
    ).rejects.toMatchObject({ code: "INVALID_STATE" });
    expect(await store.listArtifacts()).toHaveLength(2);
  });

  it("finishStepRun with two outputs of one name is refused and leaves nothing behind", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    const step = await store.createStepRun({ runId: run.id, stepId: "t", stepName: "t", status: "running", params: null, inputs: {} });
    await expect(
      store.finishStepRun(step.id, {
        status: "completed",
        cacheKey: "k",
        attempts: 1,
        outputs: [artifact("out"), artifact("out")],
        logsKey: null,
        metadata: {},
      }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    expect((await store.getStepRun(step.id))?.status).toBe("running");
    expect(await store.listArtifacts()).toEqual([]);
    expect(await store.findCacheHit("k")).toBeUndefined();
  });

  it("finishStepRun is atomic: a failure after the artifacts are written rolls everything back", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    const step = await store.createStepRun({ runId: run.id, stepId: "t", stepName: "t", status: "running", params: null, inputs: {} });
    // The step row is updated, then the artifacts and their links inserted; make that last write fail.
    const raw = rawDb(store.path);
    raw.exec(`create trigger fail_finish before insert on step_artifacts when new.direction = 'output'
              begin select raise(abort, 'forced failure'); end`);
    const end = {
      status: "completed" as const,
      cacheKey: "k",
      attempts: 1,
      outputs: [artifact("a"), artifact("b")],
      logsKey: null,
      metadata: {},
    };
    await expect(store.finishStepRun(step.id, end)).rejects.toThrow(/forced failure/);

    expect((await store.getStepRun(step.id))?.status).toBe("running");
    expect(await store.listStepArtifacts(step.id)).toEqual([]);
    expect(await store.listArtifacts()).toEqual([]);
    expect(raw.prepare("select count(*) as n from artifacts").get()).toEqual({ n: 0 });
    expect(raw.prepare("select count(*) as n from step_artifacts").get()).toEqual({ n: 0 });

    raw.exec("drop trigger fail_finish");
    expect((await store.finishStepRun(step.id, end)).status).toBe("completed");
    expect(await store.listStepArtifacts(step.id)).toHaveLength(2);
  });

  it("createStepRun is atomic: a failing input link leaves no step run", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    const { outputs } = await completedStep(store, run.id, null);
    const raw = rawDb(store.path);
    raw.exec(`create trigger fail_link before insert on step_artifacts when new.direction = 'input'
              begin select raise(abort, 'forced failure'); end`);
    await expect(
      store.createStepRun({ runId: run.id, stepId: "t", stepName: "t", status: "running", params: null, inputs: { d: outputs.train!.id } }),
    ).rejects.toThrow(/forced failure/);
    expect((await store.listStepRuns(run.id)).map((s) => s.stepId)).toEqual(["load"]);
  });

  it("lists a run's step runs in creation order", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    const { run: other } = await startRun(store);
    const ids: string[] = [];
    for (const stepId of ["a", "b", "c", "d"]) {
      ids.push((await store.createStepRun({ runId: run.id, stepId, stepName: stepId, status: "running", params: null, inputs: {} })).id);
      await store.createStepRun({ runId: other.id, stepId, stepName: stepId, status: "running", params: null, inputs: {} });
    }
    expect((await store.listStepRuns(run.id)).map((s) => s.id)).toEqual(ids);
    expect(await store.listStepRuns("nope")).toEqual([]);
    expect(await store.getStepRun("nope")).toBeUndefined();
  });
});

describe("findCacheHit", () => {
  it("returns the newest completed step run with the key, with its outputs by name", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    await completedStep(store, run.id, "key");
    const newest = await completedStep(store, run.id, "key");
    await completedStep(store, run.id, "other-key");
    const hit = await store.findCacheHit("key");
    expect(hit?.stepRun).toEqual(newest.step);
    expect(hit?.outputs).toEqual(newest.outputs);
    expect(Object.keys(hit?.outputs ?? {}).sort()).toEqual(["test", "train"]);
  });

  it("ignores running, failed and cached step runs", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    expect(await store.findCacheHit("key")).toBeUndefined();
    const source = await completedStep(store, run.id, "key");

    const failed = await store.createStepRun({ runId: run.id, stepId: "f", stepName: "f", status: "running", params: null, inputs: {} });
    await store.finishStepRun(failed.id, { status: "failed", attempts: 1, error: "x", logsKey: null, metadata: {} });
    const cached = await store.createStepRun({ runId: run.id, stepId: "c", stepName: "c", status: "running", params: null, inputs: {} });
    await store.finishStepRun(cached.id, {
      status: "cached",
      cacheKey: "key",
      cachedFromId: source.step.id,
      outputs: { train: source.outputs.train!.id },
      metadata: {},
    });
    await store.createStepRun({ runId: run.id, stepId: "r", stepName: "r", status: "running", params: null, inputs: {} });

    expect((await store.findCacheHit("key"))?.stepRun.id).toBe(source.step.id);
  });
});
