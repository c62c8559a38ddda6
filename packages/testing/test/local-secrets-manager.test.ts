// Core's encrypted local secrets manager against the secrets manager conformance suite.
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalSecretsManager, localSecretsManager } from "@koan/core";
import { afterAll, describe, expect, it } from "vitest";
import { flavorSuite, secretsManagerSuite } from "../src/index.js";

const folders: string[] = [];

async function project(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "koan-testing-secrets-"));
  folders.push(folder);
  return folder;
}

afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

let secretsFile = "";

secretsManagerSuite({
  name: "core local (encrypted file)",
  create: async () => {
    const root = await project();
    // `koan init` makes .koan/; the manager expects it to exist.
    await mkdir(join(root, ".koan"));
    secretsFile = join(root, ".koan", "secrets.json");
    return new LocalSecretsManager({ path: secretsFile, koanDir: join(root, ".koan") });
  },
});

describe("core local secrets manager, beyond the suite", () => {
  it("the file the suite wrote holds no value in the clear", async () => {
    const text = await readFile(secretsFile, "utf8");
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("BEGIN KEY");
  });
});

flavorSuite({
  flavor: localSecretsManager,
  validConfig: { path: ".koan/secrets.json" },
  invalidConfigs: [
    { config: { path: "" }, path: "path" },
    { config: { file: "x" }, path: "file" },
  ],
  packageName: "@koan/core",
});
