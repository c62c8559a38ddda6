import { KoanError } from "@koan/contracts";
import type { ExperimentTracker, JsonValue, TrackerRunInfo, TrackerRunStatus, TrackerStepRun } from "@koan/contracts";
import { z } from "zod";
import { defineFlavor } from "../../src/registry/flavor.js";

/** One tracker run as the in-memory tracker keeps it. */
export interface MemoryTrackerRun {
  readonly id: string;
  readonly info: TrackerRunInfo;
  readonly params: Record<string, JsonValue>;
  readonly metrics: Array<{ name: string; value: number; step: number | undefined }>;
  readonly tags: Record<string, string>;
  status: "running" | TrackerRunStatus;
}

/**
 * An experiment tracker that keeps its runs in memory, for engine tests. It
 * enforces what the contract says: calls after `end` are refused, a second
 * `end` is a no-op, non-finite metrics are refused.
 */
export class MemoryTracker implements ExperimentTracker {
  readonly type = "experiment_tracker" as const;
  readonly flavor = "memory";
  readonly specVersion = 1 as const;
  readonly runs: MemoryTrackerRun[] = [];
  readonly pipelineRunsEnded: Array<{ runId: string; runName: string; pipelineName: string; status: TrackerRunStatus }> = [];
  /** Set to make the next `startStepRun` calls fail, as an unreachable server would. */
  failStarts = 0;

  async startStepRun(info: TrackerRunInfo): Promise<TrackerStepRun> {
    if (this.failStarts > 0) {
      this.failStarts--;
      throw new KoanError("TRACKER_UNREACHABLE", "the tracker is unreachable");
    }
    const record: MemoryTrackerRun = { id: `trk-${this.runs.length + 1}`, info, params: { ...info.params }, metrics: [], tags: {}, status: "running" };
    this.runs.push(record);
    const open = () => {
      if (record.status !== "running") throw new KoanError("RUN_ENDED", `tracker run ${record.id} has ended`);
    };
    return {
      id: record.id,
      url: `memory://runs/${record.id}`,
      async logParams(params) {
        open();
        Object.assign(record.params, params);
      },
      async logMetrics(metrics, options) {
        open();
        for (const [name, value] of Object.entries(metrics)) {
          if (!Number.isFinite(value)) throw new KoanError("INVALID_METRIC", `metric ${name} is not finite`);
          record.metrics.push({ name, value, step: options?.step });
        }
      },
      async logArtifact() {
        open();
      },
      async setTags(tags) {
        open();
        Object.assign(record.tags, tags);
      },
      async end(status) {
        if (record.status === "running") record.status = status;
      },
    };
  }

  async getRunUrl(runId: string, stepId: string): Promise<string | null> {
    const found = this.runs.find((r) => r.info.runId === runId && r.info.stepId === stepId);
    return found ? `memory://runs/${found.id}` : null;
  }

  async endPipelineRun(info: { readonly pipelineName: string; readonly runId: string; readonly runName: string }, status: TrackerRunStatus): Promise<void> {
    this.pipelineRunsEnded.push({ ...info, status });
  }
}

/** A flavor handing out one given tracker, so a test can inspect what the engine did with it. */
export function memoryTrackerFlavor(tracker: MemoryTracker) {
  return defineFlavor({
    type: "experiment_tracker",
    name: "memory",
    description: "in-memory experiment tracker for tests",
    configSchema: z.object({}),
    async create() {
      return tracker;
    },
  });
}
