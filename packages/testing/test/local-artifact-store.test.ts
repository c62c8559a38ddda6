// Core's local artifact store against the artifact store conformance suite.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalArtifactStore, localArtifactStore } from "@koan/core";
import { afterAll, describe, expect, it } from "vitest";
import { artifactStoreSuite, flavorSuite } from "../src/index.js";

const roots: string[] = [];

async function tempRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "koan-testing-local-"));
  roots.push(root);
  return root;
}

afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

artifactStoreSuite({
  name: "core local",
  create: async () => new LocalArtifactStore(join(await tempRoot(), "artifacts")),
});

flavorSuite({
  flavor: localArtifactStore,
  validConfig: { path: "artifacts" },
  invalidConfigs: [
    { config: { path: "" }, path: "path" },
    { config: { path: 42 }, path: "path" },
  ],
  packageName: "@koan/core",
});

describe("core local artifact store, beyond the suite", () => {
  it("leaves no temporary file behind after the suite's kind of failed put", async () => {
    const root = await tempRoot();
    const store = new LocalArtifactStore(root);
    const failing = async function* (): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(1024);
      throw new Error("broken source");
    };
    await expect(store.put("a/b.bin", failing())).rejects.toThrow("broken source");
    expect(await readdir(join(root, "a"))).toEqual([]);
  });
});
