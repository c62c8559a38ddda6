import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PipelineRunFailedError } from "@koan/contracts";
import { Client } from "../src/client/client.js";
import { pipeline } from "../src/pipeline/pipeline.js";
import { step } from "../src/step/step.js";
import { defineStack } from "../src/stack/define-stack.js";
import { localArtifactStore, localOrchestrator } from "../src/local/local-flavors.js";
import { tempRepository } from "./helpers/temp-repository.js";

describe("running a pipeline", () => {
  it("runs steps, stores outputs and records the run, its steps and artifacts", async () => {
    const repo = await tempRepository();
    const load = step({ name: "load", outputs: ["train", "test"] }, () => ({ train: [1, 2, 3], test: [4, 5] }));
    const fit = step(
      { name: "fit", params: z.object({ scale: z.number().default(2) }) },
      ({ data }: { data: number[] }, { scale }) => data.map((x) => x * scale),
    );
    const score = step({ name: "score" }, ({ model, data }: { model: number[]; data: number[] }) => `${model.length}:${data.length}`);
    const p = pipeline({ name: "basic" }, () => {
      const { train, test } = load();
      const model = fit({ data: train }, { scale: 3 });
      score({ model, data: test });
    });
    const run = await p.run({ repository: repo, progress: false });
    expect(run.status).toBe("completed");
    expect(run.steps.map((s) => s.id).sort()).toEqual(["fit", "load", "score"]);
    expect(await run.step("fit").output().load()).toEqual([3, 6, 9]);
    expect(await run.step("score").output().load()).toBe("3:2");
    expect(await run.step("load").output("test").load()).toEqual([4, 5]);
    expect(() => run.step("load").output()).toThrow(/name one/);

    const fitStep = run.step("fit");
    expect(fitStep.record.params).toEqual({ scale: 3 });
    expect(Object.keys(fitStep.inputs)).toEqual(["data"]);
    expect(fitStep.inputs.data?.id).toBe(run.step("load").output("train").id);
    const artifact = fitStep.output().record;
    expect(artifact.materializer).toBe("koan.json");
    expect(artifact.contentHash).toMatch(/^blake3:[0-9a-f]{64}$/);
    expect(artifact.size).toBeGreaterThan(0);
    expect(artifact.uri).toMatch(/^file:\/\//);

    const client = await Client.open({ root: repo });
    const runs = await client.listRuns({ pipeline: "basic" });
    expect(runs.map((r) => r.id)).toEqual([run.id]);
    const lineage = await (await client.getArtifact(artifact.id)).lineage();
    expect(lineage?.producer.stepId).toBe("fit");
    expect(lineage?.consumers.map((c) => c.stepRun.stepId)).toEqual(["score"]);
    const again = await client.getRun(run.name);
    expect(await again.step("fit").output().load()).toEqual([3, 6, 9]);
  });

  it("returns a run whose steps and artifacts equal the stored ones, for steps that ran and steps served from the cache", async () => {
    const repo = await tempRepository();
    const load = step({ name: "load", outputs: ["train", "test"] }, () => ({ train: [1, 2], test: [3] }));
    const join = step({ name: "join" }, ({ a, b }: { a: number[]; b: number[] }) => [...a, ...b]);
    const p = pipeline({ name: "views" }, () => {
      const { train, test } = load();
      join({ a: train, b: test });
    });
    const summary = (run: { steps: readonly { id: string; status: string; inputs: object; outputs: object }[] }) =>
      [...run.steps]
        .sort((x, y) => x.id.localeCompare(y.id))
        .map((s) => ({
          id: s.id,
          status: s.status,
          inputs: Object.entries(s.inputs).map(([name, a]) => [name, (a as { record: unknown }).record]),
          outputs: Object.entries(s.outputs).map(([name, a]) => [name, (a as { record: unknown }).record]),
        }));
    for (const expected of ["completed", "cached"]) {
      const returned = await p.run({ repository: repo, progress: false });
      const stored = await (await Client.open({ root: repo })).getRun(returned.id);
      expect(returned.step("join").status).toBe(expected);
      expect(summary(returned)).toEqual(summary(stored));
      expect(Object.keys(returned.step("load").outputs)).toEqual(["test", "train"]);
      expect(returned.step("join").inputs.b?.id).toBe(returned.step("load").outputs.test?.id);
    }
  });

  it("runs independent steps at the same time, up to the concurrency limit", async () => {
    const repo = await tempRepository();
    let running = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const wide = step({ name: "wide", enableCache: false }, async () => {
      running++;
      peak = Math.max(peak, running);
      // Each step waits until three are in flight, proving they overlap, or until released.
      await new Promise<void>((resolve) => {
        gates.push(resolve);
        if (gates.length >= 3) gates.splice(0).forEach((g) => g());
        else setTimeout(resolve, 2000);
      });
      running--;
      return 1;
    });
    const p = pipeline({ name: "wide" }, () => {
      for (let i = 0; i < 6; i++) wide({}, {}, { id: `w${i}` });
    });
    const stack = defineStack("limited", {
      orchestrator: localOrchestrator.configure({ concurrency: 3 }),
      artifactStore: localArtifactStore.configure({}),
    });
    await p.run({ repository: repo, stack, progress: false });
    expect(peak).toBe(3);
  });

  it("retries a failing step with backoff and records the attempts", async () => {
    const repo = await tempRepository();
    let calls = 0;
    const flaky = step({ name: "flaky", retry: { maxAttempts: 3, delayMs: 5, backoff: 2 } }, () => {
      calls++;
      if (calls < 3) throw new Error(`boom ${calls}`);
      return "ok";
    });
    const run = await pipeline({ name: "retry" }, () => void flaky()).run({ repository: repo, progress: false });
    expect(calls).toBe(3);
    const record = run.step("flaky").record;
    expect(record.status).toBe("completed");
    expect(record.attempts).toBe(3);
    const logs = await run.step("flaky").logs();
    expect(logs).toMatch(/attempt 1 of 3 failed:.*boom 1/);
    expect(logs).toMatch(/retrying in 5 ms/);
    expect(logs).toMatch(/retrying in 10 ms/);
  });

  it("fails the run, skips downstream steps and calls failure hooks", async () => {
    const repo = await tempRepository();
    const events: string[] = [];
    const ok = step({ name: "ok", onSuccess: (ctx) => void events.push(`ok success ${ctx.stepId}`) }, () => 1);
    const bad = step(
      { name: "bad", retry: { maxAttempts: 2, delayMs: 1 }, onFailure: (error, ctx) => void events.push(`bad failure ${ctx.stepId}: ${error.message}`) },
      ({ x }: { x: number }) => {
        throw new Error(`cannot handle ${x}`);
      },
    );
    const after = step({ name: "after" }, ({ y }: { y: number }) => y);
    const p = pipeline(
      {
        name: "failing",
        onFailure: (error, ctx) => void events.push(`pipeline failure ${ctx.failedSteps.join(",")}: ${error.message}`),
        onSuccess: () => void events.push("pipeline success"),
      },
      () => {
        const one = ok();
        const two = bad({ x: one });
        after({ y: two });
      },
    );
    const error = await p.run({ repository: repo, progress: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineRunFailedError);
    const failure = error as PipelineRunFailedError;
    expect(failure.failedSteps).toEqual(["bad"]);
    expect(failure.message).toMatch(/cannot handle 1/);
    expect(events).toEqual(["ok success ok", "bad failure bad: cannot handle 1", "pipeline failure bad: bad: Error: cannot handle 1"]);

    const run = await (await Client.open({ root: repo })).getRun(failure.runId);
    expect(run.status).toBe("failed");
    expect(run.step("bad").record.status).toBe("failed");
    expect(run.step("bad").record.attempts).toBe(2);
    expect(run.step("bad").record.error).toMatch(/cannot handle 1/);
    expect(run.step("after").record.status).toBe("skipped");
    expect(run.step("bad").outputs).toEqual({});
  });

  it("a throwing hook does not change the outcome", async () => {
    const repo = await tempRepository();
    const s = step({ name: "s", onSuccess: () => { throw new Error("hook bug"); } }, () => 1);
    const run = await pipeline({ name: "hooks", onSuccess: () => { throw new Error("pipeline hook bug"); } }, () => void s()).run({ repository: repo, progress: false });
    expect(run.status).toBe("completed");
    expect(await run.step("s").logs()).toMatch(/onSuccess of step "s" threw/);
  });

  it("captures console output and the step logger into the step's log", async () => {
    const repo = await tempRepository();
    const a = step({ name: "a" }, async (_inputs, _params, ctx) => {
      console.log("from console", { n: 1 });
      await new Promise((r) => setTimeout(r, 5));
      ctx.logger.warn("from logger %d", 42);
      return 1;
    });
    const b = step({ name: "b" }, async () => {
      console.log("only in b");
      return 2;
    });
    const run = await pipeline({ name: "logs" }, () => {
      a();
      b();
    }).run({ repository: repo, progress: false });
    const logA = await run.step("a").logs();
    expect(logA).toMatch(/INFO  from console \{ n: 1 \}/);
    expect(logA).toMatch(/WARN  from logger 42/);
    expect(logA).not.toMatch(/only in b/);
    expect(await run.step("b").logs()).toMatch(/only in b/);
  });

  it("gives steps their context and merges output metadata", async () => {
    const repo = await tempRepository();
    let seen: Record<string, unknown> = {};
    const s = step({ name: "ctx", outputs: ["a", "b"] }, (_i, _p, ctx) => {
      seen = { pipeline: ctx.pipelineName, step: ctx.stepId, name: ctx.stepName, run: ctx.runId, attempt: ctx.attempt, store: ctx.stack.artifactStore.flavor };
      ctx.addOutputMetadata({ everyone: true });
      ctx.addOutputMetadata({ accuracy: 0.9 }, "a");
      expect(() => ctx.addOutputMetadata({}, "c")).toThrow(/no output "c"/);
      return { a: [1], b: "x" };
    });
    const run = await pipeline({ name: "ctx" }, () => void s({}, {}, { id: "renamed" })).run({ repository: repo, progress: false });
    expect(seen).toEqual({ pipeline: "ctx", step: "renamed", name: "ctx", run: run.id, attempt: 1, store: "local" });
    expect(run.step("renamed").output("a").record.metadata).toMatchObject({ everyone: true, accuracy: 0.9, length: 1 });
    expect(run.step("renamed").output("b").record.metadata).toMatchObject({ everyone: true });
    expect(run.step("renamed").output("b").record.metadata).not.toHaveProperty("accuracy");
  });

  it("refuses a multi-output step that returns the wrong keys", async () => {
    const repo = await tempRepository();
    const s = step({ name: "split", outputs: ["a", "b"] }, () => ({ a: 1, c: 2 }) as unknown as { a: number; b: number });
    const error = await pipeline({ name: "badkeys" }, () => void s()).run({ repository: repo, progress: false }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/without b and with undeclared c/);
  });

  it("fails a step whose output no materializer can store, leaving no artifact", async () => {
    const repo = await tempRepository();
    class Model {
      weights = [1];
    }
    const s = step({ name: "model", outputs: ["ok", "model"] }, () => ({ ok: [1, 2], model: new Model() }));
    const error = await pipeline({ name: "unstorable" }, () => void s()).run({ repository: repo, progress: false }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/No materializer can save output "model" of step "model" \(a Model\)/);
    const client = await Client.open({ root: repo });
    expect(await client.listArtifacts()).toEqual([]);
    const { readdir } = await import("node:fs/promises");
    const files = await readdir(`${repo}/.koan/artifacts`, { recursive: true }).catch(() => []);
    expect(files.filter((f) => String(f).endsWith(".json"))).toEqual([]);
  });

  it("passes pipeline params to the body and stores them with the run", async () => {
    const repo = await tempRepository();
    const s = step({ name: "p", params: z.object({ n: z.number() }) }, (_i, { n }) => n * 2);
    const p = pipeline({ name: "params", params: z.object({ n: z.number().int().min(1) }) }, ({ n }) => void s({}, { n }));
    const run = await p.run({ repository: repo, progress: false, params: { n: 4 } });
    expect(run.record.params).toEqual({ n: 4 });
    expect(await run.step("p").output().load()).toBe(8);
    expect(() => p.compile({ n: 0 })).toThrow(/Invalid params for step "pipeline params": n:/);
  });
});
