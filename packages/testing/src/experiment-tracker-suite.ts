import { describe, expect, it } from "vitest";
import type { ExperimentTracker, JsonValue, TrackerRunInfo, TrackerStepRun } from "@koan/core/contracts";
import { caught } from "./expect-error.js";
import { DEFAULT_TIMEOUT_MS, itWith, sharedComponent, uniqueToken } from "./suite.js";
import type { SuiteOptions } from "./suite.js";

/** What the tracker service holds for one tracker run, read back by the `inspect` hook. */
export interface RecordedTrackerRun {
  /** Params as stored; services that keep strings may return `JSON.stringify`'d or `String`'d values. */
  readonly params: Readonly<Record<string, JsonValue>>;
  /** Every logged value of each metric, in logging order. */
  readonly metrics: Readonly<Record<string, ReadonlyArray<{ readonly value: number; readonly step?: number }>>>;
  readonly tags: Readonly<Record<string, string>>;
  /** Names of the logged files. */
  readonly artifacts: readonly string[];
  readonly status: "running" | "completed" | "failed";
}

export interface ExperimentTrackerSuiteOptions extends SuiteOptions<ExperimentTracker> {
  readonly capabilities: {
    /** The tracker has a UI: runs have URLs and `getRunUrl` finds them. */
    readonly urls: boolean;
    /** `logArtifact` uploads files. */
    readonly artifacts: boolean;
  };
  /**
   * Reads back what the service recorded for a tracker run (from the
   * service, not from the client object). Without it the suite checks only
   * that calls succeed or fail as the contract says.
   */
  inspect?(run: TrackerStepRun): Promise<RecordedTrackerRun>;
}

/**
 * The experiment tracker contract: one tracker run per step run, initial
 * params and tags, params, metrics with steps, files and tags recorded,
 * non-finite metrics refused, `end` idempotent and final, URLs found again
 * by run and step.
 */
export function experimentTrackerSuite(options: ExperimentTrackerSuiteOptions): void {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { capabilities, inspect } = options;
  const noInspect = "no inspect hook to read back what the service recorded";

  describe(`${options.name}: experiment tracker conformance`, () => {
    const tracker = sharedComponent(options.create, options.cleanup);
    const info = (overrides: Partial<TrackerRunInfo> = {}): TrackerRunInfo => ({
      pipelineName: "conformance",
      runId: `run-${uniqueToken()}`,
      runName: "conformance-run",
      stepId: "train",
      stepName: "train",
      params: { lr: 0.05, layers: [64, 32], optimizer: "adam", nested: { dropout: 0.1 } },
      ...overrides,
    });
    const sameParam = (stored: JsonValue | undefined, logged: JsonValue) =>
      JSON.stringify(stored) === JSON.stringify(logged) ||
      stored === (typeof logged === "string" ? logged : JSON.stringify(logged)) ||
      stored === String(logged);

    it("identifies itself as an experiment tracker", () => {
      const t = tracker();
      expect(t.type).toBe("experiment_tracker");
      expect(t.specVersion).toBe(1);
      expect(typeof t.flavor).toBe("string");
    });

    it("startStepRun opens a run with an id, and every step run gets its own", async () => {
      const shared = info();
      const first = await tracker().startStepRun(shared);
      const second = await tracker().startStepRun({ ...shared, stepId: "evaluate", stepName: "evaluate" });
      expect(typeof first.id).toBe("string");
      expect(first.id.length).toBeGreaterThan(0);
      expect(second.id).not.toBe(first.id);
      await first.end("completed");
      await second.end("completed");
    }, timeout);

    itWith(
      inspect !== undefined,
      "records the step's initial params and tags, and tags the run with its pipeline, run and step",
      noInspect,
      async () => {
        const runInfo = info({ tags: { team: "ml", purpose: "conformance" } });
        const run = await tracker().startStepRun(runInfo);
        const recorded = await (inspect as NonNullable<typeof inspect>)(run);
        for (const [key, value] of Object.entries(runInfo.params)) {
          expect(sameParam(recorded.params[key], value), `param ${key}: ${JSON.stringify(recorded.params[key])}`).toBe(true);
        }
        expect(recorded.tags).toMatchObject({ team: "ml", purpose: "conformance" });
        const tagValues = Object.values(recorded.tags);
        for (const expected of [runInfo.pipelineName, runInfo.runId, runInfo.stepId]) expect(tagValues).toContain(expected);
        expect(recorded.status).toBe("running");
        await run.end("completed");
      },
      timeout,
    );

    it("logs params, metrics with and without steps, and tags", async () => {
      const run = await tracker().startStepRun(info());
      await run.logParams({ batch_size: 32, schedule: "cosine" });
      await run.logMetrics({ loss: 0.9, accuracy: 0.5 }, { step: 0 });
      await run.logMetrics({ loss: 0.4, accuracy: 0.8 }, { step: 1, timestamp: new Date() });
      await run.logMetrics({ final_auc: 0.91 });
      await run.setTags({ stage: "candidate" });
      await run.setTags({ stage: "champion" });
      if (inspect) {
        const recorded = await inspect(run);
        expect(sameParam(recorded.params.batch_size, 32)).toBe(true);
        expect(sameParam(recorded.params.schedule, "cosine")).toBe(true);
        expect(recorded.metrics.loss?.map((m) => m.value)).toEqual([0.9, 0.4]);
        expect(recorded.metrics.loss?.map((m) => m.step)).toEqual([0, 1]);
        expect(recorded.metrics.accuracy?.map((m) => m.value)).toEqual([0.5, 0.8]);
        expect(recorded.metrics.final_auc?.map((m) => m.value)).toEqual([0.91]);
        expect(recorded.tags.stage).toBe("champion");
      }
      await run.end("completed");
      if (inspect) expect((await inspect(run)).status).toBe("completed");
    }, timeout);

    it("refuses non-finite metric values", async () => {
      const run = await tracker().startStepRun(info());
      for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        const error = await caught(run.logMetrics({ broken: value }));
        expect(error).toBeInstanceOf(Error);
      }
      if (inspect) expect((await inspect(run)).metrics.broken ?? []).toEqual([]);
      await run.end("failed");
      if (inspect) expect((await inspect(run)).status).toBe("failed");
    }, timeout);

    itWith(
      capabilities.artifacts,
      "logArtifact uploads a file to the run",
      "this tracker does not store files",
      async () => {
        const run = await tracker().startStepRun(info());
        await run.logArtifact("report.txt", new TextEncoder().encode("a small report"), { contentType: "text/plain" });
        await run.logArtifact("plot.png", Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
        if (inspect) expect([...(await inspect(run)).artifacts].sort()).toEqual(["plot.png", "report.txt"]);
        await run.end("completed");
      },
      timeout,
    );

    it("end is idempotent, and calls after it are refused", async () => {
      const run = await tracker().startStepRun(info());
      await run.logMetrics({ loss: 1 });
      await run.end("completed");
      await run.end("completed");
      await run.end("failed");
      if (inspect) expect((await inspect(run)).status).toBe("completed");
      expect(await caught(run.logMetrics({ loss: 0.5 }))).toBeInstanceOf(Error);
      expect(await caught(run.logParams({ late: true }))).toBeInstanceOf(Error);
      expect(await caught(run.setTags({ late: "yes" }))).toBeInstanceOf(Error);
      if (inspect) expect((await inspect(run)).metrics.loss?.map((m) => m.value)).toEqual([1]);
    }, timeout);

    itWith(
      capabilities.urls,
      "a run has a URL, and getRunUrl finds it again by run and step",
      "this tracker has no UI",
      async () => {
        const runInfo = info();
        const run = await tracker().startStepRun(runInfo);
        expect(typeof run.url).toBe("string");
        expect(() => new URL(run.url as string)).not.toThrow();
        await run.end("completed");
        expect(await tracker().getRunUrl(runInfo.runId, runInfo.stepId)).toBe(run.url);
      },
      timeout,
    );

    itWith(
      !capabilities.urls,
      "without a UI, runs have no URL and getRunUrl is null",
      "this tracker has a UI",
      async () => {
        const runInfo = info();
        const run = await tracker().startStepRun(runInfo);
        expect(run.url).toBeNull();
        await run.end("completed");
        expect(await tracker().getRunUrl(runInfo.runId, runInfo.stepId)).toBeNull();
      },
      timeout,
    );

    it("getRunUrl is null for a run and step it never saw", async () => {
      expect(await tracker().getRunUrl(`never-${uniqueToken()}`, "nothing")).toBeNull();
    }, timeout);
  });
}
