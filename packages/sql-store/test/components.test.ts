import { AlreadyExistsError, NotFoundError, UnknownComponentTypeError, type ComponentType } from "@koan/contracts";
import { describe, expect, it } from "vitest";
import { ComponentInUseError } from "../src/index.js";
import { openTempStore } from "./helpers.js";

describe("components", () => {
  it("saves, gets and lists components by type", async () => {
    const store = await openTempStore();
    const saved = await store.saveComponent({ name: "local", type: "orchestrator", flavor: "local", config: { workers: 4 } });
    expect(saved).toEqual({
      id: expect.any(String),
      name: "local",
      type: "orchestrator",
      flavor: "local",
      config: { workers: 4 },
      createdAt: expect.any(String),
      updatedAt: saved.createdAt,
    });
    await store.saveComponent({ name: "local", type: "artifact_store", flavor: "local", config: { path: "/tmp/a" } });
    await store.saveComponent({ name: "s3", type: "artifact_store", flavor: "s3", config: { bucket: "b", secret: "{{aws.key}}" } });

    expect(await store.getComponent("orchestrator", "local")).toEqual(saved);
    expect(await store.getComponent("orchestrator", "s3")).toBeUndefined();
    expect((await store.listComponents()).map((c) => `${c.type}/${c.name}`)).toEqual([
      "artifact_store/local",
      "artifact_store/s3",
      "orchestrator/local",
    ]);
    const stores = await store.listComponents("artifact_store");
    expect(stores.map((c) => c.name)).toEqual(["local", "s3"]);
    expect(stores[1]?.config).toEqual({ bucket: "b", secret: "{{aws.key}}" });
    expect(await store.listComponents("alerter")).toEqual([]);
  });

  it("refuses a duplicate (type, name) but allows the same name for another type", async () => {
    const store = await openTempStore();
    await store.saveComponent({ name: "main", type: "orchestrator", flavor: "local", config: {} });
    const error = await store.saveComponent({ name: "main", type: "orchestrator", flavor: "k8s", config: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlreadyExistsError);
    expect((error as Error).message).toContain("koan orchestrator update");
    await expect(store.saveComponent({ name: "main", type: "alerter", flavor: "slack", config: {} })).resolves.toBeTruthy();
  });

  it("refuses an unknown component type", async () => {
    const store = await openTempStore();
    await expect(
      store.saveComponent({ name: "x", type: "toaster" as ComponentType, flavor: "x", config: {} }),
    ).rejects.toBeInstanceOf(UnknownComponentTypeError);
  });

  it("updates name and config; refuses a rename onto an existing name and unknown components", async () => {
    const store = await openTempStore();
    const saved = await store.saveComponent({ name: "a", type: "alerter", flavor: "slack", config: { channel: "#x" } });
    await store.saveComponent({ name: "taken", type: "alerter", flavor: "slack", config: {} });

    const renamed = await store.updateComponent("alerter", "a", { name: "b" });
    expect(renamed).toMatchObject({ id: saved.id, name: "b", config: { channel: "#x" }, createdAt: saved.createdAt });
    expect(renamed.updatedAt >= saved.updatedAt).toBe(true);
    const reconfigured = await store.updateComponent("alerter", "b", { config: { channel: "#y" } });
    expect(reconfigured.config).toEqual({ channel: "#y" });
    expect(await store.getComponent("alerter", "b")).toEqual(reconfigured);
    expect(await store.getComponent("alerter", "a")).toBeUndefined();

    await expect(store.updateComponent("alerter", "b", { name: "taken" })).rejects.toBeInstanceOf(AlreadyExistsError);
    const missing = await store.updateComponent("alerter", "ghost", { config: {} }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).message).toContain("koan alerter list");
  });

  it("deletes a component, refuses an unknown one and one a stack uses (naming the stacks)", async () => {
    const store = await openTempStore();
    await store.saveComponent({ name: "local", type: "orchestrator", flavor: "local", config: {} });
    await store.saveComponent({ name: "local", type: "artifact_store", flavor: "local", config: {} });
    await store.saveComponent({ name: "spare", type: "artifact_store", flavor: "local", config: {} });
    await store.saveStack({ name: "prod", components: { orchestrator: "local", artifact_store: "local" } });
    await store.saveStack({ name: "dev", components: { orchestrator: "local" } });

    const inUse = await store.deleteComponent("orchestrator", "local").catch((e: unknown) => e);
    expect(inUse).toBeInstanceOf(ComponentInUseError);
    expect(inUse).toMatchObject({ code: "IN_USE", stacks: ["dev", "prod"] });
    expect((inUse as Error).message).toMatch(/"dev", "prod"/);

    await store.deleteComponent("artifact_store", "spare");
    expect(await store.getComponent("artifact_store", "spare")).toBeUndefined();
    await expect(store.deleteComponent("artifact_store", "spare")).rejects.toBeInstanceOf(NotFoundError);

    await store.updateStack("dev", { components: { orchestrator: null } });
    await store.deleteStack("prod");
    await store.deleteComponent("orchestrator", "local");
    expect(await store.listComponents("orchestrator")).toEqual([]);
  });
});
