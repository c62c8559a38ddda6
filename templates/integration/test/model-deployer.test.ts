import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { flavorSuite, modelDeployerSuite } from "@koan/testing";
import { afterAll, expect } from "vitest";
import { templateModelDeployer } from "../src/model-deployer/index.js";

const folder = mkdtempSync(join(tmpdir(), "koan-template-model-deployer-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const modelFile = join(folder, "price.json");
writeFileSync(modelFile, JSON.stringify({ weights: [2, 3], bias: 1 }));
const context = { componentName: "conformance", repositoryRoot: folder };

modelDeployerSuite({
  name: "template",
  create: () => templateModelDeployer.create(templateModelDeployer.parseConfig({}), context),
  capabilities: { predict: true },
  model: async () => ({
    ref: { name: "price", uri: pathToFileURL(modelFile).href },
    input: { instances: [[1, 1], [0, 2]] },
    check: (output) => expect(output).toEqual({ predictions: [6, 7] }),
  }),
  brokenModel: async () => ({ name: "missing", uri: join(folder, "missing.json") }),
});

flavorSuite({
  flavor: templateModelDeployer,
  validConfig: { host: "127.0.0.1" },
  invalidConfigs: [{ config: { host: "" }, path: "host" }],
  context,
  packageName: "@koan/integration-template",
});
