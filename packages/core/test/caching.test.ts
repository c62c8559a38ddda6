import { rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { pipeline } from "../src/pipeline/pipeline.js";
import { step } from "../src/step/step.js";
import type { PipelineRun } from "../src/client/pipeline-run.js";
import { tempRepository } from "./helpers/temp-repository.js";

function statuses(run: PipelineRun): Record<string, string> {
  return Object.fromEntries(run.steps.map((s) => [s.id, s.status]));
}

/** load -> double -> total, plus an independent side branch; counts calls per step. */
function makePipeline(options: { enableCache?: boolean; doubleVersion?: string; sideCache?: boolean } = {}) {
  const calls: Record<string, number> = {};
  const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1);
  const load = step({ name: "load", params: z.object({ n: z.number() }) }, (_i, { n }) => {
    count("load");
    return Array.from({ length: n }, (_, i) => i);
  });
  const double = step(
    { name: "double", ...(options.doubleVersion ? { version: options.doubleVersion } : {}), params: z.object({ factor: z.number().default(2) }) },
    ({ xs }: { xs: number[] }, { factor }) => {
      count("double");
      return xs.map((x) => x * factor);
    },
  );
  const total = step({ name: "total" }, ({ xs }: { xs: number[] }) => {
    count("total");
    return xs.reduce((a, b) => a + b, 0);
  });
  const side = step({ name: "side", ...(options.sideCache === undefined ? {} : { enableCache: options.sideCache }) }, () => {
    count("side");
    return "side";
  });
  const p = pipeline(
    { name: "cached", ...(options.enableCache === undefined ? {} : { enableCache: options.enableCache }), params: z.object({ n: z.number().default(3), factor: z.number().default(2) }) },
    ({ n, factor }) => {
      const xs = load({}, { n });
      total({ xs: double({ xs }, { factor }) });
      side();
    },
  );
  return { p, calls };
}

describe("caching", () => {
  it("serves every step of an unchanged second run from the cache, linking the earlier outputs", async () => {
    const repo = await tempRepository();
    const { p, calls } = makePipeline();
    const first = await p.run({ repository: repo, progress: false });
    const second = await p.run({ repository: repo, progress: false });
    expect(statuses(first)).toEqual({ load: "completed", double: "completed", total: "completed", side: "completed" });
    expect(statuses(second)).toEqual({ load: "cached", double: "cached", total: "cached", side: "cached" });
    expect(calls).toEqual({ load: 1, double: 1, total: 1, side: 1 });
    expect(second.step("total").output().id).toBe(first.step("total").output().id);
    expect(second.step("total").record.cachedFromId).toBe(first.step("total").record.id);
    expect(await second.step("total").output().load()).toBe(6);
  });

  it("a changed param re-runs that step and what is downstream of it, nothing else", async () => {
    const repo = await tempRepository();
    const { p, calls } = makePipeline();
    await p.run({ repository: repo, progress: false });
    const changed = await p.run({ repository: repo, progress: false, params: { factor: 10 } });
    expect(statuses(changed)).toEqual({ load: "cached", double: "completed", total: "completed", side: "cached" });
    expect(await changed.step("total").output().load()).toBe(30);
    expect(calls).toEqual({ load: 1, double: 2, total: 2, side: 1 });
  });

  it("a changed upstream output invalidates exactly the steps downstream of it", async () => {
    const repo = await tempRepository();
    const { p, calls } = makePipeline();
    await p.run({ repository: repo, progress: false });
    const changed = await p.run({ repository: repo, progress: false, params: { n: 4 } });
    expect(statuses(changed)).toEqual({ load: "completed", double: "completed", total: "completed", side: "cached" });
    expect(await changed.step("total").output().load()).toBe(12);
    expect(calls.side).toBe(1);
  });

  it("an upstream step that recomputes the same content keeps downstream steps cached", async () => {
    const repo = await tempRepository();
    const first = makePipeline();
    await first.p.run({ repository: repo, progress: false });
    // A new version of "double" reruns it, but it produces the same bytes, so "total" stays cached.
    const bumped = makePipeline({ doubleVersion: "2" });
    const run = await bumped.p.run({ repository: repo, progress: false });
    expect(statuses(run)).toEqual({ load: "cached", double: "completed", total: "cached", side: "cached" });
  });

  it("changing a step's source invalidates it", async () => {
    const repo = await tempRepository();
    // Two definitions of "src" whose source text differs.
    const a = step({ name: "src" }, () => 1);
    const b = step({ name: "src" }, () => 2);
    const runA = await pipeline({ name: "source" }, () => void a()).run({ repository: repo, progress: false });
    const runB = await pipeline({ name: "source" }, () => void b()).run({ repository: repo, progress: false });
    const runA2 = await pipeline({ name: "source" }, () => void a()).run({ repository: repo, progress: false });
    expect([runA, runB, runA2].map((r) => r.step("src").status)).toEqual(["completed", "completed", "cached"]);
    expect(await runB.step("src").output().load()).toBe(2);
  });

  it("enableCache: false on the run, the pipeline or a step turns caching off there", async () => {
    const repo = await tempRepository();
    const { p } = makePipeline();
    await p.run({ repository: repo, progress: false });
    const noCache = await p.run({ repository: repo, progress: false, enableCache: false });
    expect(new Set(Object.values(statuses(noCache)))).toEqual(new Set(["completed"]));

    const offPipeline = makePipeline({ enableCache: false });
    const run = await offPipeline.p.run({ repository: repo, progress: false });
    expect(new Set(Object.values(statuses(run)))).toEqual(new Set(["completed"]));

    const stepOff = makePipeline({ sideCache: false });
    const run2 = await stepOff.p.run({ repository: repo, progress: false });
    expect(statuses(run2)).toEqual({ load: "cached", double: "cached", total: "cached", side: "completed" });

    const runOn = await makePipeline({ enableCache: false }).p.run({ repository: repo, progress: false, enableCache: true });
    expect(statuses(runOn).load).toBe("cached");
  });

  it("recomputes when a cached artifact has been deleted from the store", async () => {
    const repo = await tempRepository();
    const { p, calls } = makePipeline();
    const first = await p.run({ repository: repo, progress: false });
    const key = first.step("double").output().record.key;
    await rm(join(repo, ".koan", "artifacts", key), { recursive: true });
    const second = await p.run({ repository: repo, progress: false });
    expect(statuses(second)).toEqual({ load: "cached", double: "completed", total: "cached", side: "cached" });
    expect(calls.double).toBe(2);
  });

  it("does not reuse results across artifact stores", async () => {
    const repo = await tempRepository();
    const { p } = makePipeline();
    await p.run({ repository: repo, progress: false });
    const { defineStack } = await import("../src/stack/define-stack.js");
    const { localArtifactStore, localOrchestrator } = await import("../src/local/local-flavors.js");
    const other = defineStack("other", { orchestrator: localOrchestrator.configure({}), artifactStore: localArtifactStore.configure({ path: "elsewhere" }) });
    const run = await p.run({ repository: repo, progress: false, stack: other });
    expect(new Set(Object.values(statuses(run)))).toEqual(new Set(["completed"]));
    expect(run.step("load").output().record.uri).toContain("/elsewhere/");
  });
});
