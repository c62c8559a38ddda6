// The conformance suite with real prediction servers: `mlflow models serve
// --env-manager local` from the peer's virtual environment (KOAN_MLFLOW_BIN),
// serving a small pyfunc model registered in the peer's tracking server.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeRepositories, initRepository } from "@koan/core";
import { modelDeployerSuite } from "@koan/testing";
import type { ModelDeployer } from "@koan/core/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mlflowModelDeployer } from "../src/model-deployer/index.js";
import { mlflowBin, mlflowServer, testClient, uniqueName } from "./support/mlflow-peer.js";
import { PYFUNC_INPUT, registerPyfuncModel } from "./support/pyfunc-model.js";

describe.skipIf(!mlflowServer.available)(`mlflow model deployer ${mlflowServer.title}`, () => {
  let repository = "";
  const modelName = uniqueName("koan-scale");
  let version = "";
  beforeAll(async () => {
    repository = await mkdtemp(join(tmpdir(), "koan-mlflow-deployer-"));
    await initRepository(repository, { create: true });
    version = await registerPyfuncModel(testClient(), modelName, 2);
  });
  afterAll(async () => {
    await closeRepositories();
    if (repository) await rm(repository, { recursive: true, force: true });
  });

  const create = async (): Promise<ModelDeployer> =>
    mlflowModelDeployer.create(
      mlflowModelDeployer.parseConfig({ trackingUri: mlflowServer.value, ...(mlflowBin ? { mlflowBin } : {}), startTimeoutMs: 300_000 }),
      { componentName: "int", repositoryRoot: repository },
    );

  modelDeployerSuite({
    name: "mlflow (integration)",
    create,
    capabilities: { predict: true },
    model: async () => ({
      ref: { name: modelName, uri: `models:/${modelName}/${version}`, version },
      input: PYFUNC_INPUT,
      check: (output) => expect(output).toEqual({ predictions: [2, 5] }),
    }),
    brokenModel: async () => ({ name: "missing", uri: `models:/${uniqueName("koan-missing")}/1`, version: "1" }),
    timeoutMs: 900_000,
  });

  it("another deployer object (another process) finds, stops and deletes a service", async () => {
    const first = await create();
    const info = await first.deploy({ model: { name: modelName, uri: `models:/${modelName}/${version}`, version }, serviceName: uniqueName("shared") });
    expect(info.status, info.error).toBe("running");
    const second = await create();
    expect((await second.find({ name: info.name })).map((s) => s.status)).toEqual(["running"]);
    expect(await second.predict(info.id, PYFUNC_INPUT)).toEqual({ predictions: [2, 5] });
    expect((await second.stop(info.id)).status).toBe("stopped");
    expect((await first.get(info.id)).status).toBe("stopped");
    await second.delete(info.id);
    expect(await first.list()).not.toContainEqual(expect.objectContaining({ id: info.id }));
  }, 600_000);
});
