import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { artifactStoreSuite, flavorSuite } from "@koan/testing";
import { afterAll } from "vitest";
import { s3ArtifactStore } from "../src/artifact-store/index.js";

const projectRoot = mkdtempSync(join(tmpdir(), "koan-s3-artifact-store-"));
afterAll(() => rmSync(projectRoot, { recursive: true, force: true }));
const context = { componentName: "conformance", repositoryRoot: projectRoot };

artifactStoreSuite({
  name: "s3",
  create: () => s3ArtifactStore.create(s3ArtifactStore.parseConfig({ root: "objects" }), context),
});

flavorSuite({
  flavor: s3ArtifactStore,
  validConfig: { root: "objects" },
  invalidConfigs: [
    { config: {}, path: "root" },
    { config: { root: "" }, path: "root" },
  ],
  context,
  packageName: "@koan/s3",
});
