import { join } from "node:path";
import { StoreClosedError } from "../src/errors.js";
import { describe, expect, it } from "vitest";
import { LATEST_SCHEMA_VERSION, MIGRATIONS, openSqliteMetadataStore, readSchemaVersion } from "../src/index.js";
import { openDatabase, readSqliteSchemaVersion } from "../src/sqlite/database.js";
import { tempDir } from "./helpers.js";

/*
 * Reopening an up-to-date store serves the stack reads from prepared
 * statements until a call needs Kysely (sqlite/open.ts). These tests reopen
 * a store so that path runs, and compare it with the Kysely path.
 */

async function storeWithStacks() {
  const path = join(await tempDir(), "koan.db");
  const store = await openSqliteMetadataStore({ path });
  await store.saveComponent({ name: "local", type: "orchestrator", flavor: "local", config: {} });
  await store.saveComponent({ name: "k8s", type: "orchestrator", flavor: "kubernetes", config: {} });
  await store.saveComponent({ name: "local", type: "artifact_store", flavor: "local", config: {} });
  await store.saveComponent({ name: "slack", type: "alerter", flavor: "slack", config: {} });
  await store.saveStack({ name: "prod", components: { orchestrator: "k8s", artifact_store: "local", alerter: "slack" } });
  await store.saveStack({ name: "dev", components: { orchestrator: "local", artifact_store: "local" } });
  await store.saveStack({ name: "empty", components: {} });
  const viaKysely = { list: await store.listStacks(), prod: await store.getStack("prod"), empty: await store.getStack("empty") };
  await store.close();
  return { path, viaKysely };
}

describe("a reopened, up-to-date store", () => {
  it("LATEST_SCHEMA_VERSION is the number of migrations", () => {
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it("reads the schema version as Kysely's introspection does, without it", async () => {
    const path = join(await tempDir(), "koan.db");
    const fresh = openDatabase(path, 1000);
    expect(readSqliteSchemaVersion(fresh)).toBe(0);
    fresh.close();
    const store = await openSqliteMetadataStore({ path });
    await store.close();
    const database = openDatabase(path, 1000);
    expect(readSqliteSchemaVersion(database)).toBe(MIGRATIONS.length);
    database.close();
    const { createSqliteKysely } = await import("../src/index.js");
    const db = createSqliteKysely(path);
    expect(await readSchemaVersion(db)).toBe(MIGRATIONS.length);
    await db.destroy();
  });

  it("lists and gets stacks exactly as the Kysely store does", async () => {
    const { path, viaKysely } = await storeWithStacks();
    const store = await openSqliteMetadataStore({ path });
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    expect(await store.listStacks()).toEqual(viaKysely.list);
    expect(await store.getStack("prod")).toEqual(viaKysely.prod);
    expect(await store.getStack("empty")).toEqual(viaKysely.empty);
    expect(await store.getStack("nope")).toBeUndefined();
    expect(viaKysely.list.map((s) => s.name)).toEqual(["dev", "empty", "prod"]);
    await store.close();
  });

  it("writes and reads other records on first use, and sees its own writes in the stack reads", async () => {
    const { path } = await storeWithStacks();
    const store = await openSqliteMetadataStore({ path });
    expect(await store.getComponent("orchestrator", "k8s")).toMatchObject({ name: "k8s", flavor: "kubernetes" });
    await store.updateStack("dev", { components: { alerter: "slack" } });
    expect((await store.getStack("dev"))?.components).toEqual({ orchestrator: "local", artifact_store: "local", alerter: "slack" });
    await store.deleteStack("empty");
    expect((await store.listStacks()).map((s) => s.name)).toEqual(["dev", "prod"]);
    await store.close();

    const again = await openSqliteMetadataStore({ path });
    expect((await again.listStacks()).map((s) => [s.name, s.components])).toEqual([
      ["dev", { orchestrator: "local", artifact_store: "local", alerter: "slack" }],
      ["prod", { orchestrator: "k8s", artifact_store: "local", alerter: "slack" }],
    ]);
    await again.close();
  });

  it("closes whether or not Kysely was loaded, finishing calls already made, and refuses calls after", async () => {
    const { path } = await storeWithStacks();
    const readOnly = await openSqliteMetadataStore({ path });
    const listing = readOnly.listStacks();
    await readOnly.close();
    expect(await listing).toHaveLength(3);
    await expect(readOnly.listStacks()).rejects.toBeInstanceOf(StoreClosedError);
    await expect(readOnly.getRun("x")).rejects.toBeInstanceOf(StoreClosedError);

    const writer = await openSqliteMetadataStore({ path });
    const saving = writer.saveStack({ name: "late", components: {} });
    await writer.close();
    expect((await saving).name).toBe("late");
    await expect(writer.saveStack({ name: "later", components: {} })).rejects.toBeInstanceOf(StoreClosedError);

    const check = await openSqliteMetadataStore({ path });
    expect((await check.listStacks()).map((s) => s.name)).toEqual(["dev", "empty", "late", "prod"]);
    await check.close();
  });
});
