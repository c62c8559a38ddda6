// The REST client against the real tracking server: each resource group,
// and MLflow's error codes as Koan's typed errors.
import { AlreadyExistsError, NotFoundError } from "@koan/core";
import { expectKoanError } from "@koan/testing";
import { describe, expect, it } from "vitest";
import { MlflowApiError, MlflowClient, MlflowUnreachableError, filterValue, tagRecord } from "../src/client/index.js";
import { mlflowServer, testClient, uniqueName } from "./support/mlflow-peer.js";
import { logPyfuncModel } from "./support/pyfunc-model.js";

describe.skipIf(!mlflowServer.available)(`MLflow REST client ${mlflowServer.title}`, () => {
  const client = testClient();

  it("creates, finds and tags experiments; a duplicate is AlreadyExistsError, a missing one NotFoundError", async () => {
    const name = uniqueName("client-experiment");
    const id = await client.experiments.create(name, { tags: { team: "ml" } });
    const experiment = await client.experiments.getByName(name);
    expect(experiment.experiment_id).toBe(id);
    expect(tagRecord(experiment.tags).team).toBe("ml");
    await client.experiments.setTag(id, "stage", "test");
    expect(tagRecord((await client.experiments.get(id)).tags).stage).toBe("test");
    expect((await client.experiments.search(`name = ${filterValue(name)}`)).map((e) => e.experiment_id)).toEqual([id]);
    await expectKoanError(client.experiments.create(name), AlreadyExistsError, "ALREADY_EXISTS");
    await expectKoanError(client.experiments.getByName(uniqueName("missing")), NotFoundError, "NOT_FOUND");
    await client.experiments.delete(id);
    expect((await client.experiments.get(id)).lifecycle_stage).toBe("deleted");
  });

  it("logs batches, reads metric history, searches and updates runs", async () => {
    const experimentId = await client.experiments.create(uniqueName("client-runs"));
    const run = await client.runs.create({ experimentId, runName: "r1", tags: { kind: "test" } });
    const id = run.info.run_id;
    await client.runs.logBatch(id, {
      params: [{ key: "lr", value: "0.1" }],
      metrics: [0, 1, 2].map((step) => ({ key: "loss", value: 1 / (step + 1), timestamp: Date.now(), step })),
      tags: [{ key: "phase", value: "fit" }],
    });
    const history = await client.runs.metricHistory(id, "loss");
    expect(history.map((m) => m.step).sort()).toEqual([0, 1, 2]);
    const found = await client.runs.search([experimentId], { filter: "tags.phase = 'fit'" });
    expect(found.map((r) => r.info.run_id)).toEqual([id]);
    await client.runs.update(id, { status: "FINISHED", endTime: Date.now() });
    const stored = await client.runs.get(id);
    expect(stored.info.status).toBe("FINISHED");
    expect(tagRecord(stored.data.params).lr).toBe("0.1");
    // MLflow refuses to change a logged param: its INVALID_PARAMETER_VALUE keeps its code.
    const changed = await expectKoanError(client.runs.logBatch(id, { params: [{ key: "lr", value: "0.2" }] }), MlflowApiError, "MLFLOW_INVALID_PARAMETER_VALUE");
    expect(changed.status).toBe(400);
    await expectKoanError(client.runs.get("0".repeat(32)), NotFoundError, "NOT_FOUND");
  });

  it("uploads, lists and downloads artifacts through the server's proxy", async () => {
    const experimentId = await client.experiments.create(uniqueName("client-artifacts"));
    const run = await client.runs.create({ experimentId });
    const root = run.info.artifact_uri as string;
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256);
    await client.artifacts.upload(root, "data/blob.bin", bytes);
    await client.artifacts.upload(root, "notes with space.txt", new TextEncoder().encode("hello"), "text/plain");
    expect((await client.artifacts.listAllForRun(run.info.run_id)).map((f) => f.path).sort()).toEqual(["data/blob.bin", "notes with space.txt"]);
    expect(await client.artifacts.download(root, "data/blob.bin")).toEqual(bytes);
    await expectKoanError(client.artifacts.download(root, "nothing-here"), NotFoundError, "NOT_FOUND");
  });

  it("registers models and versions, sets, resolves and deletes aliases", async () => {
    const name = uniqueName("client-model");
    const { runId, source } = await logPyfuncModel(client, uniqueName("client-model-training"), 3);
    await client.registry.createModel(name, { description: "a test model", tags: { owner: "koan" } });
    await expectKoanError(client.registry.createModel(name), AlreadyExistsError, "ALREADY_EXISTS");
    const v1 = await client.registry.createVersion({ name, source, runId, tags: { data: "v1" } });
    const v2 = await client.registry.createVersion({ name, source, runId });
    expect([v1.version, v2.version]).toEqual(["1", "2"]);
    await client.registry.setAlias(name, "champion", "1");
    expect((await client.registry.getVersionByAlias(name, "champion")).version).toBe("1");
    await client.registry.setAlias(name, "champion", "2");
    expect((await client.registry.getVersionByAlias(name, "champion")).version).toBe("2");
    expect((await client.registry.getModel(name)).aliases).toEqual([{ alias: "champion", version: "2" }]);
    const versions = await client.registry.searchVersions(`name = ${filterValue(name)}`);
    expect(versions.map((v) => v.version).sort()).toEqual(["1", "2"]);
    await client.registry.deleteAlias(name, "champion");
    await expectKoanError(client.registry.getVersionByAlias(name, "champion"), NotFoundError, "NOT_FOUND");
    await client.registry.deleteVersion(name, "1");
    await expectKoanError(client.registry.getVersion(name, "1"), NotFoundError, "NOT_FOUND");
    await client.registry.deleteModel(name);
    await expectKoanError(client.registry.getModel(name), NotFoundError, "NOT_FOUND");
  });

  it("retries a server that does not answer, then says it is unreachable", async () => {
    const nowhere = new MlflowClient({ trackingUri: "http://127.0.0.1:9", maxAttempts: 2, retryDelayMs: 10 });
    await expectKoanError(nowhere.experiments.getByName("x"), MlflowUnreachableError, "MLFLOW_UNREACHABLE");
  });
});
