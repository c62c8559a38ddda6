import { AlreadyExistsError, InvalidArgumentError, UnknownComponentTypeError, type ComponentType } from "@koan/contracts";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSqliteMetadataStore } from "../src/index.js";
import { openTempStore, tempDir } from "./helpers.js";

const service = { componentType: "model_deployer", kind: "model_service" } as const;

describe("component state", () => {
  it("creates, reads, replaces and deletes a record by (type, kind, key)", async () => {
    const store = await openTempStore();
    const created = await store.putComponentState({ ...service, key: "svc-1", componentName: "local", data: { port: 8080 } });
    expect(created).toEqual({
      id: expect.any(String),
      componentType: "model_deployer",
      componentName: "local",
      kind: "model_service",
      key: "svc-1",
      data: { port: 8080 },
      createdAt: expect.any(String),
      updatedAt: created.createdAt,
    });
    expect(await store.getComponentState({ ...service, key: "svc-1" })).toEqual(created);

    const replaced = await store.putComponentState({ ...service, key: "svc-1", data: { port: 9090, status: "running" } });
    expect(replaced).toMatchObject({ id: created.id, createdAt: created.createdAt, componentName: null, data: { port: 9090, status: "running" } });
    expect(replaced.updatedAt >= created.updatedAt).toBe(true);
    expect(await store.getComponentState({ ...service, key: "svc-1" })).toEqual(replaced);

    expect(await store.deleteComponentState({ ...service, key: "svc-1" })).toBe(true);
    expect(await store.getComponentState({ ...service, key: "svc-1" })).toBeUndefined();
    expect(await store.deleteComponentState({ ...service, key: "svc-1" })).toBe(false);
  });

  it("keeps keys apart by component type and kind", async () => {
    const store = await openTempStore();
    await store.putComponentState({ ...service, key: "k", data: { n: 1 } });
    await store.putComponentState({ componentType: "model_deployer", kind: "other", key: "k", data: { n: 2 } });
    await store.putComponentState({ componentType: "experiment_tracker", kind: "model_service", key: "k", data: { n: 3 } });
    expect((await store.getComponentState({ ...service, key: "k" }))?.data).toEqual({ n: 1 });
    expect((await store.getComponentState({ componentType: "model_deployer", kind: "other", key: "k" }))?.data).toEqual({ n: 2 });
    expect((await store.getComponentState({ componentType: "experiment_tracker", kind: "model_service", key: "k" }))?.data).toEqual({ n: 3 });
  });

  it("lists newest first, filtered by component name when asked", async () => {
    const store = await openTempStore();
    await store.putComponentState({ ...service, key: "a", componentName: "one", data: {} });
    await store.putComponentState({ ...service, key: "b", componentName: "two", data: {} });
    await store.putComponentState({ ...service, key: "c", data: {} });
    await store.putComponentState({ componentType: "model_deployer", kind: "other", key: "d", data: {} });
    // Replacing a record keeps its place: order is by creation.
    await store.putComponentState({ ...service, key: "a", componentName: "one", data: { again: true } });

    expect((await store.listComponentState(service)).map((r) => r.key)).toEqual(["c", "b", "a"]);
    expect((await store.listComponentState({ ...service, componentName: "one" })).map((r) => r.key)).toEqual(["a"]);
    expect((await store.listComponentState({ ...service, componentName: null })).map((r) => r.key)).toEqual(["c"]);
    expect(await store.listComponentState({ componentType: "alerter", kind: "model_service" })).toEqual([]);
  });

  it("with ifAbsent, creates only and refuses an existing key without changing it", async () => {
    const store = await openTempStore();
    await store.putComponentState({ ...service, key: "svc", data: { v: 1 }, ifAbsent: true });
    const error = await store.putComponentState({ ...service, key: "svc", data: { v: 2 }, ifAbsent: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlreadyExistsError);
    expect((error as Error).message).toMatch(/model deployer model_service named "svc" already exists/);
    expect((await store.getComponentState({ ...service, key: "svc" }))?.data).toEqual({ v: 1 });
  });

  it("refuses malformed kinds and keys and unknown component types", async () => {
    const store = await openTempStore();
    await expect(store.putComponentState({ ...service, kind: "", key: "k", data: {} })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.putComponentState({ ...service, kind: "has space", key: "k", data: {} })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.putComponentState({ ...service, key: "", data: {} })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(store.getComponentState({ ...service, key: "x".repeat(1001) })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      store.putComponentState({ componentType: "toaster" as ComponentType, kind: "k", key: "k", data: {} }),
    ).rejects.toBeInstanceOf(UnknownComponentTypeError);
    await expect(store.listComponentState({ componentType: "toaster" as ComponentType, kind: "k" })).rejects.toBeInstanceOf(
      UnknownComponentTypeError,
    );
  });

  it("is seen by another store on the same file, as another process would", async () => {
    const path = join(await tempDir(), "koan.db");
    const writer = await openSqliteMetadataStore({ path });
    const reader = await openSqliteMetadataStore({ path });
    try {
      await writer.putComponentState({ ...service, key: "svc", data: { pid: 42 } });
      expect((await reader.getComponentState({ ...service, key: "svc" }))?.data).toEqual({ pid: 42 });
      expect(await reader.deleteComponentState({ ...service, key: "svc" })).toBe(true);
      expect(await writer.listComponentState(service)).toEqual([]);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
