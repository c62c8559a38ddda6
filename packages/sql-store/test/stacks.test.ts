import { AlreadyExistsError, NotFoundError } from "@koan/contracts";
import { describe, expect, it } from "vitest";
import { openTempStore } from "./helpers.js";

async function withComponents() {
  const store = await openTempStore();
  await store.saveComponent({ name: "local", type: "orchestrator", flavor: "local", config: {} });
  await store.saveComponent({ name: "k8s", type: "orchestrator", flavor: "kubernetes", config: {} });
  await store.saveComponent({ name: "local", type: "artifact_store", flavor: "local", config: {} });
  await store.saveComponent({ name: "slack", type: "alerter", flavor: "slack", config: {} });
  return store;
}

describe("stacks", () => {
  it("saves a stack and reads it back by name", async () => {
    const store = await withComponents();
    const stack = await store.saveStack({ name: "default", components: { orchestrator: "local", artifact_store: "local" } });
    expect(stack).toEqual({
      id: expect.any(String),
      name: "default",
      components: { orchestrator: "local", artifact_store: "local" },
      createdAt: expect.any(String),
      updatedAt: stack.createdAt,
    });
    expect(await store.getStack("default")).toEqual(stack);
    expect(await store.getStack("nope")).toBeUndefined();
  });

  it("refuses a duplicate stack name and a stack naming an unknown component", async () => {
    const store = await withComponents();
    await store.saveStack({ name: "default", components: { orchestrator: "local" } });
    await expect(store.saveStack({ name: "default", components: {} })).rejects.toBeInstanceOf(AlreadyExistsError);
    const missing = await store.saveStack({ name: "other", components: { orchestrator: "local", alerter: "discord" } }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ kind: "alerter", ref: "discord" });
    expect(await store.getStack("other")).toBeUndefined();
  });

  it("lists stacks by name with their components", async () => {
    const store = await withComponents();
    await store.saveStack({ name: "prod", components: { orchestrator: "k8s", artifact_store: "local", alerter: "slack" } });
    await store.saveStack({ name: "dev", components: { orchestrator: "local", artifact_store: "local" } });
    await store.saveStack({ name: "empty", components: {} });
    const stacks = await store.listStacks();
    expect(stacks.map((s) => [s.name, s.components])).toEqual([
      ["dev", { orchestrator: "local", artifact_store: "local" }],
      ["empty", {}],
      ["prod", { orchestrator: "k8s", artifact_store: "local", alerter: "slack" }],
    ]);
  });

  it("updates components: a name sets or replaces a type, null removes it", async () => {
    const store = await withComponents();
    const saved = await store.saveStack({ name: "s", components: { orchestrator: "local", artifact_store: "local" } });
    const updated = await store.updateStack("s", { components: { orchestrator: "k8s", alerter: "slack", artifact_store: null } });
    expect(updated.components).toEqual({ orchestrator: "k8s", alerter: "slack" });
    expect(updated.id).toBe(saved.id);
    expect(updated.updatedAt >= saved.updatedAt).toBe(true);
    expect(await store.getStack("s")).toEqual(updated);
    // Removing a type the stack does not have is a no-op.
    expect((await store.updateStack("s", { components: { feature_store: null } })).components).toEqual(updated.components);
  });

  it("renames a stack; refuses renaming onto another stack", async () => {
    const store = await withComponents();
    await store.saveStack({ name: "a", components: { orchestrator: "local" } });
    await store.saveStack({ name: "b", components: {} });
    const renamed = await store.updateStack("a", { name: "c" });
    expect(renamed).toMatchObject({ name: "c", components: { orchestrator: "local" } });
    expect(await store.getStack("a")).toBeUndefined();
    await expect(store.updateStack("c", { name: "b" })).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it("refuses updating an unknown stack or to an unknown component, changing nothing", async () => {
    const store = await withComponents();
    const missing = await store.updateStack("ghost", { name: "x" }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).message).toContain("koan stack list");

    await store.saveStack({ name: "s", components: { orchestrator: "local", artifact_store: "local" } });
    await expect(
      store.updateStack("s", { name: "renamed", components: { artifact_store: null, orchestrator: "ghost" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", kind: "orchestrator", ref: "ghost" });
    expect((await store.getStack("s"))?.components).toEqual({ orchestrator: "local", artifact_store: "local" });
  });

  it("a renamed component shows its new name in every stack", async () => {
    const store = await withComponents();
    await store.saveStack({ name: "s", components: { orchestrator: "local" } });
    await store.updateComponent("orchestrator", "local", { name: "laptop" });
    expect((await store.getStack("s"))?.components).toEqual({ orchestrator: "laptop" });
  });

  it("deletes a stack and refuses an unknown one", async () => {
    const store = await withComponents();
    await store.saveStack({ name: "s", components: { orchestrator: "local" } });
    await store.deleteStack("s");
    expect(await store.getStack("s")).toBeUndefined();
    expect(await store.listStacks()).toEqual([]);
    await expect(store.deleteStack("s")).rejects.toBeInstanceOf(NotFoundError);
    // Its components are free again.
    await store.deleteComponent("orchestrator", "local");
  });
});
