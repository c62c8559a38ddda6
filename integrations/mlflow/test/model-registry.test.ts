// No network here: the flavor definition and how local sources are told
// from sources the MLflow server reads itself. Requests against the real
// registry are in model-registry.int.test.ts.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { flavorSuite } from "@koan/testing";
import { describe, expect, it } from "vitest";
import { mlflowModelRegistry } from "../src/model-registry/index.js";
import { localModelFiles, localSourcePath, runIdOfSource } from "../src/model-registry/model-files.js";

flavorSuite({
  flavor: mlflowModelRegistry,
  validConfig: { trackingUri: "http://127.0.0.1:5000" },
  invalidConfigs: [
    { config: {}, path: "trackingUri" },
    { config: { trackingUri: "http://127.0.0.1:5000", uploadExperiment: "" }, path: "uploadExperiment" },
  ],
  packageName: "@koan/mlflow",
});

describe("model sources", () => {
  it("uploads local paths and file URLs, and leaves URIs the server reads to the server", () => {
    expect(localSourcePath("/data/model")).toBe("/data/model");
    expect(localSourcePath(pathToFileURL("/data/my model").href)).toBe("/data/my model");
    for (const remote of ["s3://bucket/model", "runs:/abc/model", "mlflow-artifacts:/1/abc/artifacts/model", "models:/churn/1", "gs://b/m"]) {
      expect(localSourcePath(remote)).toBeUndefined();
    }
  });

  it("finds the run of a run's artifact URI, which MLflow needs to register it", () => {
    const run = "0123456789abcdef0123456789abcdef";
    expect(runIdOfSource(`mlflow-artifacts:/3/${run}/artifacts/model`)).toBe(run);
    expect(runIdOfSource(`mlflow-artifacts://host:5000/3/${run}/artifacts`)).toBe(run);
    expect(runIdOfSource(`runs:/${run}/model`)).toBe(run);
    expect(runIdOfSource("s3://bucket/model")).toBeUndefined();
    expect(runIdOfSource("mlflow-artifacts:/models/m-1/artifacts")).toBeUndefined();
  });

  it("lists every file of a model folder with /-separated relative paths, or the one file", async () => {
    const folder = await mkdtemp(join(tmpdir(), "koan-mlflow-model-"));
    try {
      await mkdir(join(folder, "code"), { recursive: true });
      await writeFile(join(folder, "MLmodel"), "flavors: {}\n");
      await writeFile(join(folder, "code", "model.py"), "");
      expect((await localModelFiles(folder)).map((f) => f.path)).toEqual(["MLmodel", "code/model.py"]);
      expect((await localModelFiles(join(folder, "MLmodel"))).map((f) => f.path)).toEqual(["MLmodel"]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
