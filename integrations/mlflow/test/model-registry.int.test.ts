// The model registry against the peer's MLflow server: models, versions
// (from a local folder, uploaded through the artifact proxy, and from a URI
// the server reads), metadata and lineage, aliases, and the errors the
// contract names.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { AlreadyExistsError, InvalidArgumentError, NotFoundError } from "@koan/core";
import type { ModelRegistry } from "@koan/core/contracts";
import { expectKoanError } from "@koan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mlflowModelRegistry } from "../src/model-registry/index.js";
import { mlflowServer, testClient, uniqueName } from "./support/mlflow-peer.js";
import { logPyfuncModel, pyfuncModelFiles } from "./support/pyfunc-model.js";

describe.skipIf(!mlflowServer.available)(`mlflow model registry ${mlflowServer.title}`, () => {
  let registry: ModelRegistry;
  let folder = "";
  beforeAll(async () => {
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

  it("identifies itself as a model registry", () => {
    expect(registry.type).toBe("model_registry");
    expect(registry.specVersion).toBe(1);
    expect(registry.flavor).toBe("mlflow");
  });

  it("registers, gets, lists and deletes models; a duplicate is AlreadyExistsError, an unknown one NotFoundError", async () => {
    const name = uniqueName("reg-model");
    const info = await registry.registerModel(name, { description: "churn", tags: { team: "ml" } });
    expect(info).toMatchObject({ name, description: "churn", tags: { team: "ml" }, aliases: {} });
    expect(info.createdAt).toBeInstanceOf(Date);
    await expectKoanError(registry.registerModel(name), AlreadyExistsError, "ALREADY_EXISTS");
    expect((await registry.getModel(name)).name).toBe(name);
    const names = (await registry.listModels()).map((m) => m.name);
    expect(names).toContain(name);
    expect(names).toEqual([...names].sort());
    await registry.deleteModel(name);
    await expectKoanError(registry.getModel(name), NotFoundError, "NOT_FOUND");
    await expectKoanError(registry.listModelVersions(name), NotFoundError, "NOT_FOUND");
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

  it("sets, moves, resolves and deletes aliases, and refuses bad alias names", async () => {
    const name = uniqueName("reg-alias");
    await registry.registerModelVersion({ name, source: folder });
    await registry.registerModelVersion({ name, source: folder });
    await registry.setAlias(name, "champion", "1");
    expect((await registry.getVersionByAlias(name, "champion")).version).toBe("1");
    await registry.setAlias(name, "champion", "2");
    await registry.setAlias(name, "challenger", "2");
    const resolved = await registry.getVersionByAlias(name, "champion");
    expect(resolved.version).toBe("2");
    expect(resolved.aliases).toEqual(["challenger", "champion"]);
    expect((await registry.getModel(name)).aliases).toEqual({ champion: "2", challenger: "2" });
    await registry.deleteAlias(name, "challenger");
    await expectKoanError(registry.getVersionByAlias(name, "challenger"), NotFoundError, "NOT_FOUND");
    await expectKoanError(registry.deleteAlias(name, "challenger"), NotFoundError, "NOT_FOUND");
    await expectKoanError(registry.setAlias(name, "champion", "7"), NotFoundError, "NOT_FOUND");
    for (const bad of ["latest", "v3", "1st", "has space"]) {
      await expectKoanError(registry.setAlias(name, bad, "1"), InvalidArgumentError, "INVALID_ARGUMENT");
    }
    // Deleting a version takes its aliases with it.
    await registry.deleteModelVersion(name, "2");
    await expectKoanError(registry.getVersionByAlias(name, "champion"), NotFoundError, "NOT_FOUND");
    await registry.deleteModel(name);
  });
});
