// No network here: the flavor definition and the per-service config. The
// conformance suite serves real models in model-deployer.int.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeRepositories, initRepository, InvalidConfigError, repositoryMetadataStore } from "@koan/core";
import { expectKoanError, flavorSuite } from "@koan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MetadataServiceRecordStore, mlflowModelDeployer } from "../src/model-deployer/index.js";
import type { ServiceRecord } from "../src/model-deployer/index.js";
import { parseServeConfig } from "../src/model-deployer/serve-config.js";

// The deployer keeps its services in a repository's metadata store: a fresh repository per test file.
const repository = mkdtempSync(join(tmpdir(), "koan-mlflow-deployer-unit-"));
beforeAll(async () => {
  await initRepository(repository, { create: true });
});
afterAll(async () => {
  await closeRepositories();
  rmSync(repository, { recursive: true, force: true });
});

flavorSuite({
  flavor: mlflowModelDeployer,
  validConfig: { trackingUri: "http://127.0.0.1:5000", mlflowBin: "/opt/mlflow/bin" },
  invalidConfigs: [
    { config: {}, path: "trackingUri" },
    { config: { trackingUri: "http://127.0.0.1:5000", startTimeoutMs: -1 }, path: "startTimeoutMs" },
  ],
  context: { componentName: "conformance", repositoryRoot: repository },
  packageName: "@koan/mlflow",
});

describe("deploy config", () => {
  it("accepts port, workers and timeout, and names a bad field", async () => {
    expect(parseServeConfig({ port: 8080, workers: 2 })).toEqual({ port: 8080, workers: 2 });
    expect(parseServeConfig(undefined)).toEqual({});
    const error = await expectKoanError(() => parseServeConfig({ port: 70000 }), InvalidConfigError, "INVALID_CONFIG");
    expect(error.issues.map((i) => i.path)).toContain("port");
  });
});

describe("MetadataServiceRecordStore", () => {
  it("puts, gets, lists and deletes records in the repository's metadata store", async () => {
    const store = new MetadataServiceRecordStore(await repositoryMetadataStore(repository), "local-models");
    expect(await store.list()).toEqual([]);
    const record: ServiceRecord = {
      id: "a1",
      name: "churn",
      model: { name: "churn", uri: "models:/churn/1", version: "1" },
      config: {},
      createdAt: new Date(0).toISOString(),
      state: "stopped",
      logFile: join(repository, "a1.log"),
    };
    await store.put(record);
    expect(await store.get("a1")).toEqual(record);
    await store.put({ ...record, state: "running", pid: 1, port: 2 });
    expect((await store.list()).map((r) => r.state)).toEqual(["running"]);
    // Another store object (another process) sees the same records.
    expect(await new MetadataServiceRecordStore(await repositoryMetadataStore(repository)).get("a1")).toMatchObject({ pid: 1, port: 2 });
    await store.delete("a1");
    expect(await store.get("a1")).toBeUndefined();
  });

  it("lets one service claim a name, and takes over a claim whose service is gone", async () => {
    const store = new MetadataServiceRecordStore(await repositoryMetadataStore(repository));
    const record: ServiceRecord = {
      id: "b1",
      name: "fraud",
      model: { name: "fraud", uri: "models:/fraud/1" },
      config: {},
      createdAt: new Date(0).toISOString(),
      state: "stopped",
      logFile: join(repository, "b1.log"),
    };
    expect(await store.claimName("fraud", "b1")).toBe(true);
    await store.put(record);
    expect(await store.claimName("fraud", "b1")).toBe(true);
    expect(await store.claimName("fraud", "b2")).toBe(false);
    await store.delete("b1"); // the service is gone but its claim was left behind
    expect(await store.claimName("fraud", "b2")).toBe(true);
    await store.releaseName("fraud");
    expect(await store.claimName("fraud", "b3")).toBe(true);
  });
});
