import { describe, expect, it } from "vitest";
import { artifact, openTempStore, startRun } from "./helpers.js";

type Store = Awaited<ReturnType<typeof openTempStore>>;

async function produce(store: Store, runId: string, stepId: string, outputNames: string[], cacheKey: string | null = null) {
  const step = await store.createStepRun({ runId, stepId, stepName: stepId, status: "running", params: null, inputs: {} });
  const done = await store.finishStepRun(step.id, {
    status: "completed",
    cacheKey,
    attempts: 1,
    outputs: outputNames.map((n) => artifact(n)),
    logsKey: null,
    metadata: {},
  });
  const links = await store.listStepArtifacts(step.id);
  const { outputs, ...record } = done;
  expect(outputs).toEqual(Object.fromEntries(links.map((l) => [l.name, l.artifact])));
  return { step: record, artifacts: links.map((l) => l.artifact) };
}

describe("artifacts", () => {
  it("getArtifact returns the record or undefined", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    const { artifacts } = await produce(store, run.id, "load", ["output"]);
    expect(await store.getArtifact(artifacts[0]!.id)).toEqual(artifacts[0]);
    expect(await store.getArtifact("nope")).toBeUndefined();
  });

  it("lists artifacts newest first, by producing run, with keyset pagination", async () => {
    const store = await openTempStore();
    const { run: r1 } = await startRun(store);
    const { run: r2 } = await startRun(store);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(...(await produce(store, r1.id, `s${i}`, ["output"])).artifacts.map((a) => a.id));
      await produce(store, r2.id, `s${i}`, ["x", "y"]);
    }
    expect(await store.listArtifacts()).toHaveLength(12);
    const ofR1 = await store.listArtifacts({ runId: r1.id });
    expect(ofR1.map((a) => a.id)).toEqual([...ids].reverse());
    const page = await store.listArtifacts({ runId: r1.id, limit: 2, before: ofR1[1]!.id });
    expect(page.map((a) => a.id)).toEqual([ids[1], ids[0]]);
    const first = await store.listArtifacts({ limit: 5 });
    const rest = await store.listArtifacts({ limit: 50, before: first.at(-1)!.id });
    expect(first.length + rest.length).toBe(12);
    expect(await store.listArtifacts({ runId: "nope" })).toEqual([]);
  });

  it("listStepArtifacts returns inputs then outputs, each with its artifact", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    const load = await produce(store, run.id, "load", ["train", "test"]);
    const step = await store.createStepRun({
      runId: run.id,
      stepId: "train",
      stepName: "train",
      status: "running",
      params: null,
      inputs: { data: load.artifacts.find((a) => a.outputName === "train")!.id },
    });
    await store.finishStepRun(step.id, { status: "completed", cacheKey: null, attempts: 1, outputs: [artifact("model")], logsKey: null, metadata: {} });
    const links = await store.listStepArtifacts(step.id);
    expect(links.map((l) => [l.direction, l.name, l.artifact.outputName])).toEqual([
      ["input", "data", "train"],
      ["output", "model", "model"],
    ]);
    expect(await store.listStepArtifacts("nope")).toEqual([]);
  });

  it("getArtifactLineage: the producer, every reader, and every cached reuse", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store, "first");
    const load = await produce(store, run.id, "load", ["output"], "load-key");
    const data = load.artifacts[0]!;

    const readers = [];
    for (const stepId of ["train", "evaluate"]) {
      readers.push(
        await store.createStepRun({ runId: run.id, stepId, stepName: stepId, status: "running", params: null, inputs: { data: data.id } }),
      );
    }
    const { run: second } = await startRun(store, "second");
    const reuse = await store.createStepRun({ runId: second.id, stepId: "load", stepName: "load", status: "running", params: null, inputs: {} });
    const { outputs: reusedOutputs, ...reused } = await store.finishStepRun(reuse.id, {
      status: "cached",
      cacheKey: "load-key",
      cachedFromId: load.step.id,
      outputs: { output: data.id },
      metadata: {},
    });
    // A step reading it under two input names shows up twice: once per link.
    const twice = await store.createStepRun({
      runId: second.id,
      stepId: "compare",
      stepName: "compare",
      status: "running",
      params: null,
      inputs: { left: data.id, right: data.id },
    });
    await produce(store, run.id, "unrelated", ["output"]);

    const lineage = await store.getArtifactLineage(data.id);
    expect(lineage?.producer).toEqual(load.step);
    expect(lineage?.consumers.map((c) => [c.stepRun.stepId, c.name, c.direction])).toEqual([
      ["train", "data", "input"],
      ["evaluate", "data", "input"],
      ["load", "output", "output"],
      ["compare", "left", "input"],
      ["compare", "right", "input"],
    ]);
    expect(lineage?.consumers[2]?.stepRun).toEqual(reused);
    expect(reusedOutputs).toEqual({ output: data });
    expect(lineage?.consumers[0]?.stepRun).toEqual(readers[0]);
    expect(lineage?.consumers[3]?.stepRun.id).toBe(twice.id);
    expect(await store.getArtifactLineage("nope")).toBeUndefined();
  });

  it("an artifact nobody read has only its producer", async () => {
    const store = await openTempStore();
    const { run } = await startRun(store);
    const { step, artifacts } = await produce(store, run.id, "load", ["output"]);
    expect(await store.getArtifactLineage(artifacts[0]!.id)).toEqual({ producer: step, consumers: [] });
  });
});
