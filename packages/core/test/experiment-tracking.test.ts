import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PipelineRunFailedError, StackValidationError } from "@koan/contracts";
import { formatRun } from "../src/client/format-run.js";
import { localArtifactStore, localOrchestrator } from "../src/local/local-flavors.js";
import { pipeline } from "../src/pipeline/pipeline.js";
import { defineStack } from "../src/stack/define-stack.js";
import { step } from "../src/step/step.js";
import { MemoryTracker, memoryTrackerFlavor } from "./helpers/memory-tracker.js";
import { tempRepository } from "./helpers/temp-repository.js";

function trackedStack(tracker: MemoryTracker) {
  return defineStack("tracked", {
    orchestrator: localOrchestrator.configure({}),
    artifactStore: localArtifactStore.configure({}),
    experimentTracker: memoryTrackerFlavor(tracker).configure({}),
  });
}

describe("experiment tracking", () => {
  it("opens a tracker run with the step's validated params, hands it to the step, ends it and records its URL", async () => {
    const repo = await tempRepository();
    const tracker = new MemoryTracker();
    const train = step(
      { name: "train", params: z.object({ lr: z.number().default(0.1), epochs: z.number() }), experimentTracker: true },
      async (_inputs, { epochs }, ctx) => {
        for (let epoch = 0; epoch < epochs; epoch++) await ctx.experimentTracker.logMetrics({ loss: 1 / (epoch + 1) }, { step: epoch });
        await ctx.experimentTracker.setTags({ model: "linear" });
        return epochs;
      },
    );
    const untracked = step({ name: "report" }, (_inputs, _params, ctx) => ("experimentTracker" in ctx ? "tracked" : "plain"));
    const p = pipeline({ name: "tracking" }, () => {
      train({}, { epochs: 3 });
      untracked();
    });

    const run = await p.run({ repository: repo, stack: trackedStack(tracker), progress: false });
    expect(await run.step("report").output().load()).toBe("plain");
    expect(tracker.runs).toHaveLength(1);
    const [trackerRun] = tracker.runs;
    expect(trackerRun?.info).toEqual({
      pipelineName: "tracking",
      runId: run.id,
      runName: run.name,
      stepId: "train",
      stepName: "train",
      params: { lr: 0.1, epochs: 3 },
    });
    expect(trackerRun?.metrics.map((m) => [m.step, m.value])).toEqual([[0, 1], [1, 0.5], [2, 1 / 3]]);
    expect(trackerRun?.tags).toEqual({ model: "linear" });
    expect(trackerRun?.status).toBe("completed");

    expect(run.step("train").record.metadata).toEqual({
      experiment_tracker_run_id: trackerRun?.id,
      experiment_tracker_url: `memory://runs/${trackerRun?.id}`,
    });
    expect(run.step("report").record.metadata).toEqual({});
    expect(run.step("train").experimentTrackerUrl).toBe(`memory://runs/${trackerRun?.id}`);
    expect(run.step("report").experimentTrackerUrl).toBeNull();
    expect(formatRun(run)).toContain(`Tracker:   train memory://runs/${trackerRun?.id}`);
    expect(formatRun(run)).not.toMatch(/Tracker: +report/);
    expect(tracker.pipelineRunsEnded).toEqual([{ pipelineName: "tracking", runId: run.id, runName: run.name, status: "completed" }]);
  });

  it("ends the tracker run failed when the step fails after its retries, with one tracker run for all attempts", async () => {
    const repo = await tempRepository();
    const tracker = new MemoryTracker();
    const seen: number[] = [];
    const flaky = step({ name: "flaky", experimentTracker: true, retry: { maxAttempts: 2, delayMs: 1 } }, async (_i, _p, ctx) => {
      seen.push(ctx.attempt);
      await ctx.experimentTracker.logMetrics({ attempt: ctx.attempt });
      throw new Error(`diverged on attempt ${ctx.attempt}`);
    });
    const p = pipeline({ name: "tracking-fails" }, () => void flaky());

    const error = await p.run({ repository: repo, stack: trackedStack(tracker), progress: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineRunFailedError);
    expect(seen).toEqual([1, 2]);
    expect(tracker.runs).toHaveLength(1);
    expect(tracker.runs[0]?.status).toBe("failed");
    expect(tracker.runs[0]?.metrics.map((m) => m.value)).toEqual([1, 2]);
    expect(tracker.pipelineRunsEnded.map((e) => e.status)).toEqual(["failed"]);

    const { Client } = await import("../src/client/client.js");
    const recorded = await (await Client.open({ root: repo })).getRun((error as PipelineRunFailedError).runId);
    expect(recorded.step("flaky").record.status).toBe("failed");
    expect(recorded.step("flaky").record.metadata.experiment_tracker_url).toBe(`memory://runs/${tracker.runs[0]?.id}`);
  });

  it("retries opening the tracker run with the step's retry policy, and fails the step when it never opens", async () => {
    const repo = await tempRepository();
    const tracker = new MemoryTracker();
    tracker.failStarts = 1;
    const once = step({ name: "once", experimentTracker: true, enableCache: false, retry: { maxAttempts: 2, delayMs: 1 } }, () => 1);
    const run = await pipeline({ name: "tracker-flaky" }, () => void once()).run({ repository: repo, stack: trackedStack(tracker), progress: false });
    expect(run.step("once").record.attempts).toBe(2);
    expect(tracker.runs.map((r) => r.status)).toEqual(["completed"]);

    tracker.failStarts = 5;
    const error = await pipeline({ name: "tracker-down" }, () => void once())
      .run({ repository: repo, stack: trackedStack(tracker), progress: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineRunFailedError);
    expect((error as Error).message).toMatch(/the tracker is unreachable/);
    // No step opened a tracker run, so there is no pipeline-level run to end.
    expect(tracker.pipelineRunsEnded.map((e) => e.runName)).toEqual([run.name]);
  });

  it("opens no tracker run for a cached step", async () => {
    const repo = await tempRepository();
    const tracker = new MemoryTracker();
    const cached = step({ name: "cached", experimentTracker: true }, () => 42);
    const p = pipeline({ name: "tracking-cache" }, () => void cached());
    await p.run({ repository: repo, stack: trackedStack(tracker), progress: false });
    const second = await p.run({ repository: repo, stack: trackedStack(tracker), progress: false });
    expect(second.step("cached").record.status).toBe("cached");
    expect(tracker.runs).toHaveLength(1);
    expect(tracker.pipelineRunsEnded).toHaveLength(1);
  });

  it("refuses at run start a tracked step on a stack without an experiment tracker, recording nothing", async () => {
    const repo = await tempRepository();
    const tracked = step({ name: "fit", experimentTracker: true }, () => 1);
    const p = pipeline({ name: "no-tracker" }, () => void tracked());
    const stack = defineStack("plain", { orchestrator: localOrchestrator.configure({}), artifactStore: localArtifactStore.configure({}) });
    const error = await p.run({ repository: repo, stack, progress: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StackValidationError);
    expect((error as Error).message).toMatch(/step "fit" declares experimentTracker: true but the stack has no experiment tracker/);
    expect((error as Error).message).toMatch(/koan stack update plain --experiment-tracker/);
    const { Client } = await import("../src/client/client.js");
    expect(await (await Client.open({ root: repo })).listRuns({ pipeline: "no-tracker" })).toEqual([]);
  });
});
