import { describe, expect, it } from "vitest";
import { openTempStore, spec } from "./helpers.js";

describe("pipelines", () => {
  it("savePipelineVersion creates the pipeline and its first version", async () => {
    const store = await openTempStore();
    const version = await store.savePipelineVersion("training", "h1", spec("training"));
    expect(version.specHash).toBe("h1");
    expect(version.spec).toEqual(spec("training"));
    expect(version.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const pipeline = await store.getPipeline("training");
    expect(pipeline).toEqual({ id: version.pipelineId, name: "training", createdAt: expect.any(String) });
  });

  it("returns the stored version for a spec hash seen before, and adds a version for a new hash", async () => {
    const store = await openTempStore();
    const first = await store.savePipelineVersion("training", "h1", spec("training"));
    const again = await store.savePipelineVersion("training", "h1", spec("training"));
    expect(again).toEqual(first);
    const second = await store.savePipelineVersion("training", "h2", spec("training", ["a", "b", "c"]));
    expect(second.id).not.toBe(first.id);
    expect(second.pipelineId).toBe(first.pipelineId);
    expect(await store.listPipelines()).toHaveLength(1);
  });

  it("keeps one pipeline and one version under concurrent saves in one process", async () => {
    const store = await openTempStore();
    const saved = await Promise.all(
      Array.from({ length: 20 }, () => store.savePipelineVersion("training", "same", spec("training"))),
    );
    expect(new Set(saved.map((v) => v.id)).size).toBe(1);
  });

  it("getPipeline accepts an id or a name and returns undefined for neither", async () => {
    const store = await openTempStore();
    const version = await store.savePipelineVersion("training", "h1", spec("training"));
    expect((await store.getPipeline(version.pipelineId))?.name).toBe("training");
    expect(await store.getPipeline("nope")).toBeUndefined();
  });

  it("getPipelineVersion by id", async () => {
    const store = await openTempStore();
    const version = await store.savePipelineVersion("training", "h1", spec("training"));
    expect(await store.getPipelineVersion(version.id)).toEqual(version);
    expect(await store.getPipelineVersion("missing")).toBeUndefined();
  });

  it("lists pipelines newest first with keyset pagination", async () => {
    const store = await openTempStore();
    for (let i = 0; i < 7; i++) await store.savePipelineVersion(`p${i}`, "h", spec(`p${i}`));
    const page1 = await store.listPipelines({ limit: 3 });
    expect(page1.map((p) => p.name)).toEqual(["p6", "p5", "p4"]);
    const page2 = await store.listPipelines({ limit: 3, before: page1.at(-1)?.id });
    expect(page2.map((p) => p.name)).toEqual(["p3", "p2", "p1"]);
    const page3 = await store.listPipelines({ limit: 3, before: page2.at(-1)?.id });
    expect(page3.map((p) => p.name)).toEqual(["p0"]);
    expect(await store.listPipelines({ before: page3[0]?.id })).toEqual([]);
  });
});
