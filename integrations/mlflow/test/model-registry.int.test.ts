// The model registry conformance suite against the peer's MLflow server,
// with versions registered from a run's artifacts (a servable pyfunc model),
// and what is MLflow's own: versions from a local folder, uploaded through
// the artifact proxy, and the files landing in a run.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { NotFoundError } from "@koan/core";
import type { ModelRegistry } from "@koan/core/contracts";
import { expectKoanError, modelRegistrySuite } from "@koan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mlflowModelRegistry } from "../src/model-registry/index.js";
import { mlflowServer, testClient, uniqueName } from "./support/mlflow-peer.js";
import { logPyfuncModel, pyfuncModelFiles } from "./support/pyfunc-model.js";

describe.skipIf(!mlflowServer.available)(`mlflow model registry ${mlflowServer.title}`, () => {
  let registry: ModelRegistry;
  let folder = "";
  let runModel = "";
  beforeAll(async () => {
    runModel = (await logPyfuncModel(testClient(), uniqueName("reg-suite-training"), 2)).source;
    registry = await mlflowModelRegistry.create(mlflowModelRegistry.parseConfig({ trackingUri: mlflowServer.value }), {
      componentName: "int",
      repositoryRoot: process.cwd(),
    });
    folder = await mkdtemp(join(tmpdir(), "koan-mlflow-registry-"));
    for (const [path, text] of Object.entries(pyfuncModelFiles(4))) {
      await mkdir(dirname(join(folder, path)), { recursive: true });
      await writeFile(join(folder, path), text);
    }
  });
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  modelRegistrySuite({
    name: "mlflow (integration)",
    create: () => mlflowModelRegistry.create(mlflowModelRegistry.parseConfig({ trackingUri: mlflowServer.value }), { componentName: "suite", repositoryRoot: process.cwd() }),
    capabilities: { metadata: true, lineage: true },
    source: () => runModel,
    timeoutMs: 120_000,
  });

  it("registers versions from a local folder and from a run, numbered, with metadata, tags and lineage", async () => {
    const name = uniqueName("reg-versions");
    const run = { pipeline: "training", runId: uniqueName("run"), stepId: "train" };
    const first = await registry.registerModelVersion({ name, source: folder, metadata: { auc: 0.91, features: ["x"] }, tags: { data: "v1" }, run });
    expect(first).toMatchObject({ name, version: "1", source: folder, status: "ready", metadata: { auc: 0.91, features: ["x"] }, tags: { data: "v1" }, run, aliases: [] });
    const files = (await testClient().artifacts.listAllForRun((await testClient().registry.getVersion(name, "1")).run_id as string)).map((f) => f.path);
    expect(files.sort()).toEqual(["model/MLmodel", "model/code/koan_scale_model.py", "model/data/factor.json"]);
    const { source } = await logPyfuncModel(testClient(), uniqueName("reg-training"), 5);
    const second = await registry.registerModelVersion({ name, source, description: "from a run" });
    expect(second).toMatchObject({ version: "2", source, description: "from a run", run: null, metadata: {} });
    expect((await registry.listModelVersions(name)).map((v) => v.version)).toEqual(["2", "1"]);
    expect((await registry.getModelVersion(name, "1")).metadata).toEqual({ auc: 0.91, features: ["x"] });
    expect(registry.modelUri(name, "2")).toBe(`models:/${name}/2`);
    await expectKoanError(registry.getModelVersion(name, "99"), NotFoundError, "NOT_FOUND");
    await expectKoanError(registry.registerModelVersion({ name, source: join(folder, "missing") }), NotFoundError, "NOT_FOUND");
    await registry.deleteModelVersion(name, "1");
    expect((await registry.listModelVersions(name)).map((v) => v.version)).toEqual(["2"]);
    await registry.deleteModel(name);
  });
});
