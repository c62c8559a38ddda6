// End to end against the peer's MLflow server: a training pipeline whose
// tracked steps log their metrics to MLflow and produce a model (a small
// pyfunc model, so no ML library is needed), a step registering it from the
// Koan artifact and pointing an alias at it, then deploy, predict, stop and
// delete through the stack's model deployer.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { closeRepositories, defineStack, initRepository, localArtifactStore, localOrchestrator, pipeline, step, z } from "@koan/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tagRecord } from "../src/client/index.js";
import { KOAN_TAGS, mlflowExperimentTracker, mlflowModelDeployer, mlflowModelRegistry } from "../src/index.js";
import { mlflowBin, mlflowServer, testClient, uniqueName } from "./support/mlflow-peer.js";
import { PYFUNC_INPUT, pyfuncModelFiles } from "./support/pyfunc-model.js";

describe.skipIf(!mlflowServer.available)(`training, registering and serving with MLflow ${mlflowServer.title}`, () => {
  let repository = "";
  beforeAll(async () => {
    repository = await mkdtemp(join(tmpdir(), "koan-mlflow-e2e-"));
    await initRepository(repository, { create: true });
  });
  afterAll(async () => {
    await closeRepositories();
    if (repository) await rm(repository, { recursive: true, force: true });
  });

  it("logs the training to MLflow, registers the model, deploys it and gets predictions back", async () => {
    const pipelineName = uniqueName("e2e-training");
    const modelName = uniqueName("e2e-model");

    // A tracked step: the engine opens its MLflow run (with its params) and ends it.
    const train = step(
      { name: "train", experimentTracker: true, params: z.object({ factor: z.number(), epochs: z.number().int() }) },
      async (_inputs: Record<string, never>, { factor, epochs }, ctx) => {
        for (let epoch = 0; epoch < epochs; epoch++) await ctx.experimentTracker.logMetrics({ loss: 1 / (epoch + 1) }, { step: epoch });
        await ctx.experimentTracker.logArtifact("notes.txt", new TextEncoder().encode(`factor ${factor}`));
        await ctx.experimentTracker.setTags({ framework: "pyfunc" });
        return pyfuncModelFiles(factor); // the model: its files, by path
      },
    );

    const register = step({ name: "register" }, async ({ model }: { model: Record<string, string> }, _params, ctx) => {
      const registry = ctx.stack.modelRegistry;
      if (!registry) throw new Error("the stack has no model registry");
      const folder = await mkdtemp(join(tmpdir(), "koan-mlflow-e2e-model-"));
      try {
        for (const [path, text] of Object.entries(model)) {
          await mkdir(dirname(join(folder, path)), { recursive: true });
          await writeFile(join(folder, path), text);
        }
        const version = await registry.registerModelVersion({
          name: modelName,
          source: folder,
          metadata: { factor: 3 },
          run: { pipeline: ctx.pipelineName, runId: ctx.runId, stepId: ctx.stepId },
        });
        await registry.setAlias(modelName, "champion", version.version);
        return version.version;
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });

    const training = pipeline({ name: pipelineName }, () => {
      const model = train({}, { factor: 3, epochs: 4 });
      register({ model });
    });

    const stack = defineStack("mlflow-e2e", {
      orchestrator: localOrchestrator.configure({}),
      artifactStore: localArtifactStore.configure({}),
      experimentTracker: mlflowExperimentTracker.configure({ trackingUri: mlflowServer.value as string }),
      modelRegistry: mlflowModelRegistry.configure({ trackingUri: mlflowServer.value as string }),
      modelDeployer: mlflowModelDeployer.configure({ trackingUri: mlflowServer.value as string, ...(mlflowBin ? { mlflowBin } : {}), startTimeoutMs: 300_000 }),
    });
    const run = await training.run({ repository, stack, progress: false });
    expect(run.record.status).toBe("completed");

    // The metrics landed in MLflow, in the pipeline's experiment, under the pipeline run's parent run.
    const client = testClient();
    const experiment = await client.experiments.getByName(pipelineName);
    const [stepRun] = await client.runs.search([experiment.experiment_id], { filter: `tags.\`${KOAN_TAGS.stepId}\` = 'train'` });
    expect(stepRun).toBeDefined();
    const tags = tagRecord(stepRun?.data.tags);
    expect(tags[KOAN_TAGS.runId]).toBe(run.record.id);
    expect(tags["mlflow.parentRunId"]).toBeDefined();
    expect(tagRecord(stepRun?.data.params)).toMatchObject({ factor: "3", epochs: "4" });
    expect(tags.framework).toBe("pyfunc");
    expect(stepRun?.info.status).toBe("FINISHED");
    // The step's metadata holds the MLflow run's URL; `koan run describe` shows it.
    expect(run.step("train").experimentTrackerUrl).toBe(client.runUrl(experiment.experiment_id, stepRun?.info.run_id as string));
    // The engine ended the pipeline run's parent run.
    expect((await client.runs.get(tags["mlflow.parentRunId"] as string)).info.status).toBe("FINISHED");
    expect((await client.artifacts.listAllForRun(stepRun?.info.run_id as string)).map((f) => f.path)).toEqual(["notes.txt"]);
    const loss = await client.runs.metricHistory(stepRun?.info.run_id as string, "loss");
    expect(loss.sort((a, b) => a.step - b.step).map((m) => m.value)).toEqual([1, 1 / 2, 1 / 3, 1 / 4]);

    // The model is registered from the Koan artifact, with its lineage, and the alias points at it.
    const registry = await mlflowModelRegistry.create(mlflowModelRegistry.parseConfig({ trackingUri: mlflowServer.value }), { componentName: "e2e", repositoryRoot: repository });
    const champion = await registry.getVersionByAlias(modelName, "champion");
    expect(champion.run).toEqual({ pipeline: pipelineName, runId: run.record.id, stepId: "register" });
    expect(champion.metadata).toEqual({ factor: 3 });

    // Deploy the champion, predict, stop, delete.
    const deployer = await mlflowModelDeployer.create(
      mlflowModelDeployer.parseConfig({ trackingUri: mlflowServer.value, ...(mlflowBin ? { mlflowBin } : {}), startTimeoutMs: 300_000 }),
      { componentName: "e2e", repositoryRoot: repository },
    );
    const service = await deployer.deploy({
      model: { name: modelName, uri: registry.modelUri(modelName, champion.version), version: champion.version },
      source: { pipeline: pipelineName, runId: run.record.id, stepId: "register" },
    });
    try {
      expect(service.status, service.error).toBe("running");
      expect(await deployer.predict(service.id, PYFUNC_INPUT)).toEqual({ predictions: [3, 7.5] });
      expect((await deployer.stop(service.id)).status).toBe("stopped");
    } finally {
      await deployer.delete(service.id);
    }
    expect(await deployer.find({ name: modelName })).toEqual([]);
  }, 600_000);

  it("a failed tracked step ends its MLflow run, and the pipeline run's, as FAILED", async () => {
    const pipelineName = uniqueName("e2e-failing");
    const diverge = step({ name: "diverge", experimentTracker: true }, async (_inputs: Record<string, never>, _params, ctx) => {
      await ctx.experimentTracker.logMetrics({ loss: 10 }, { step: 0 });
      throw new Error("the loss diverged");
    });
    const failing = pipeline({ name: pipelineName }, () => void diverge({}));
    const stack = defineStack("mlflow-e2e-failing", {
      orchestrator: localOrchestrator.configure({}),
      artifactStore: localArtifactStore.configure({}),
      experimentTracker: mlflowExperimentTracker.configure({ trackingUri: mlflowServer.value as string }),
    });
    await expect(failing.run({ repository, stack, progress: false })).rejects.toThrow(/diverged/);
    const client = testClient();
    const experiment = await client.experiments.getByName(pipelineName);
    const [stepRun] = await client.runs.search([experiment.experiment_id], { filter: `tags.\`${KOAN_TAGS.stepId}\` = 'diverge'` });
    expect(stepRun?.info.status).toBe("FAILED");
    const parentId = tagRecord(stepRun?.data.tags)["mlflow.parentRunId"] as string;
    expect((await client.runs.get(parentId)).info.status).toBe("FAILED");
  }, 300_000);
});
