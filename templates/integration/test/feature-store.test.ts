import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FEATURE_STORE_FIXTURE, featureStoreSuite, flavorSuite } from "@koan/testing";
import type { FeatureStoreFixture } from "@koan/testing";
import { afterAll } from "vitest";
import { templateFeatureStore } from "../src/feature-store/index.js";

const projectRoot = mkdtempSync(join(tmpdir(), "koan-template-feature-store-"));
afterAll(() => rmSync(projectRoot, { recursive: true, force: true }));
const context = { componentName: "conformance", repositoryRoot: projectRoot };
let files = 0;

/** Writes the fixture as the offline store file the flavor reads. */
function offlineStore(fixture: FeatureStoreFixture): string {
  const path = `features-${files++}.json`;
  writeFileSync(join(projectRoot, path), JSON.stringify(fixture));
  return path;
}

featureStoreSuite({
  name: "template",
  create: (fixture) => templateFeatureStore.create(templateFeatureStore.parseConfig({ path: offlineStore(fixture) }), context),
  capabilities: { materialize: true },
});

flavorSuite({
  flavor: templateFeatureStore,
  validConfig: { path: offlineStore(FEATURE_STORE_FIXTURE) },
  invalidConfigs: [{ config: {}, path: "path" }],
  context,
  packageName: "@koan/integration-template",
});
