import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { artifactStoreSuite, flavorSuite } from "@koan/testing";
import { afterAll } from "vitest";
import { templateArtifactStore } from "../src/artifact-store/index.js";

const projectRoot = mkdtempSync(join(tmpdir(), "koan-template-artifact-store-"));
afterAll(() => rmSync(projectRoot, { recursive: true, force: true }));
const context = { componentName: "conformance", repositoryRoot: projectRoot };

artifactStoreSuite({
  name: "template",
  create: () => templateArtifactStore.create(templateArtifactStore.parseConfig({ root: "objects" }), context),
});

flavorSuite({
  flavor: templateArtifactStore,
  validConfig: { root: "objects" },
  invalidConfigs: [
    { config: {}, path: "root" },
    { config: { root: "" }, path: "root" },
  ],
  context,
  packageName: "@koan/integration-template",
});
