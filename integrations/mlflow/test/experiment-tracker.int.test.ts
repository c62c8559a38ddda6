// The conformance suite against the MLflow tracking server that
// scripts/peers/mlflow.sh starts (KOAN_MLFLOW_TRACKING_URI). Under
// KOAN_REQUIRE_PEERS=1 (as in CI) a missing server fails the run instead of
// skipping it. `inspect` reads runs back through MLflow's API, not from the
// tracker object.
import { experimentTrackerSuite } from "@koan/testing";
import type { RecordedTrackerRun } from "@koan/testing";
import type { TrackerStepRun } from "@koan/core/contracts";
import { describe, expect, it } from "vitest";
import { tagRecord } from "../src/client/index.js";
import { KOAN_TAGS, MlflowExperimentTracker, mlflowExperimentTracker } from "../src/experiment-tracker/index.js";
import { mlflowServer, testClient, uniqueName } from "./support/mlflow-peer.js";

const STATUS = { RUNNING: "running", SCHEDULED: "running", FINISHED: "completed", FAILED: "failed", KILLED: "failed" } as const;

async function inspect(run: TrackerStepRun): Promise<RecordedTrackerRun> {
  const client = testClient();
  const stored = await client.runs.get(run.id);
  const metrics: Record<string, Array<{ value: number; step: number }>> = {};
  for (const { key } of stored.data.metrics ?? []) {
    const history = await client.runs.metricHistory(run.id, key);
    // MLflow does not promise an order; logging order is step, then time.
    history.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
    metrics[key] = history.map((m) => ({ value: m.value, step: m.step }));
  }
  return {
    params: tagRecord(stored.data.params),
    metrics,
    tags: tagRecord(stored.data.tags),
    artifacts: (await client.artifacts.listAllForRun(run.id)).map((f) => f.path),
    status: STATUS[stored.info.status],
  };
}

describe.skipIf(!mlflowServer.available)(`mlflow experiment tracker ${mlflowServer.title}`, () => {
  const context = { componentName: "int", repositoryRoot: process.cwd() };
  const create = () => mlflowExperimentTracker.create(mlflowExperimentTracker.parseConfig({ trackingUri: mlflowServer.value }), context);

  experimentTrackerSuite({
    name: "mlflow (integration)",
    create,
    capabilities: { urls: true, artifacts: true },
    inspect,
    timeoutMs: 120_000,
  });

  it("nests step runs under one MLflow run per pipeline run, in an experiment per pipeline, and ends it", async () => {
    const tracker = (await create()) as MlflowExperimentTracker;
    const client = testClient();
    const pipelineName = uniqueName("nesting");
    const base = { pipelineName, runId: uniqueName("run"), runName: "nightly", params: { seed: 7 } };
    const [train, evaluate] = await Promise.all([
      tracker.startStepRun({ ...base, stepId: "train", stepName: "train" }),
      tracker.startStepRun({ ...base, stepId: "evaluate", stepName: "evaluate" }),
    ]);
    const experiment = await client.experiments.getByName(pipelineName);
    const [trainRun, evaluateRun] = await Promise.all([client.runs.get(train.id), client.runs.get(evaluate.id)]);
    expect(trainRun.info.experiment_id).toBe(experiment.experiment_id);
    const parentId = tagRecord(trainRun.data.tags)["mlflow.parentRunId"];
    expect(parentId).toBeDefined();
    expect(tagRecord(evaluateRun.data.tags)["mlflow.parentRunId"]).toBe(parentId);
    const parent = await client.runs.get(parentId as string);
    expect(tagRecord(parent.data.tags)[KOAN_TAGS.kind]).toBe("pipeline_run");
    expect(parent.info.run_name).toBe("nightly");
    await train.end("completed");
    await evaluate.end("failed");
    expect((await client.runs.get(evaluate.id)).info.status).toBe("FAILED");
    await tracker.endPipelineRun(base, "failed");
    expect((await client.runs.get(parentId as string)).info.status).toBe("FAILED");
    // Another tracker object (another process) finds the URL by tag.
    const other = (await create()) as MlflowExperimentTracker;
    expect(await other.getRunUrl(base.runId, "train")).toBe(train.url);
  }, 120_000);

  it("logs every value of a batch larger than MLflow's per-request limits, and keeps long params whole", async () => {
    const tracker = await create();
    const run = await tracker.startStepRun({
      pipelineName: uniqueName("limits"),
      runId: uniqueName("run"),
      runName: "limits",
      stepId: "train",
      stepName: "train",
      params: { vocabulary: "w".repeat(7000) },
    });
    const metrics = Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`m${i}`, i]));
    await run.logMetrics(metrics, { step: 3 });
    await run.logParams(Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, i])));
    const stored = await testClient().runs.get(run.id);
    expect(stored.data.metrics?.length).toBe(1200);
    expect(stored.data.params?.length).toBe(151);
    const vocabulary = tagRecord(stored.data.params).vocabulary as string;
    expect(vocabulary.length).toBeLessThanOrEqual(6000);
    const whole = await testClient().artifacts.download((await testClient().runs.get(run.id)).info.artifact_uri as string, "koan-params/vocabulary.txt");
    expect(new TextDecoder().decode(whole)).toBe("w".repeat(7000));
    await run.end("completed");
  }, 120_000);
});
