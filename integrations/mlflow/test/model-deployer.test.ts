// No network here: the flavor definition and the per-service config. The
// conformance suite serves real models in model-deployer.int.test.ts.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidConfigError } from "@koan/core";
import { expectKoanError, flavorSuite } from "@koan/testing";
import { describe, expect, it } from "vitest";
import { FileServiceRecordStore, mlflowModelDeployer } from "../src/model-deployer/index.js";
import type { ServiceRecord } from "../src/model-deployer/index.js";
import { parseServeConfig } from "../src/model-deployer/serve-config.js";

flavorSuite({
  flavor: mlflowModelDeployer,
  validConfig: { trackingUri: "http://127.0.0.1:5000", mlflowBin: "/opt/mlflow/bin" },
  invalidConfigs: [
    { config: {}, path: "trackingUri" },
    { config: { trackingUri: "http://127.0.0.1:5000", startTimeoutMs: -1 }, path: "startTimeoutMs" },
  ],
  context: { componentName: "conformance", repositoryRoot: process.cwd() },
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

describe("FileServiceRecordStore", () => {
  it("puts, gets, lists and deletes records, and ignores ids that are not file names", async () => {
    const directory = await mkdtemp(join(tmpdir(), "koan-mlflow-records-"));
    try {
      const store = new FileServiceRecordStore(join(directory, "nested"));
      expect(await store.list()).toEqual([]);
      const record: ServiceRecord = {
        id: "a1",
        name: "churn",
        model: { name: "churn", uri: "models:/churn/1", version: "1" },
        config: {},
        createdAt: new Date(0).toISOString(),
        state: "stopped",
        logFile: join(directory, "a1.log"),
      };
      await store.put(record);
      expect(await store.get("a1")).toEqual(record);
      expect(await store.get("../a1")).toBeUndefined();
      await store.put({ ...record, state: "running", pid: 1, port: 2 });
      expect((await store.list()).map((r) => r.state)).toEqual(["running"]);
      await store.delete("a1");
      expect(await store.get("a1")).toBeUndefined();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
