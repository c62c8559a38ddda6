// The conformance suite against the real feature store, which
// scripts/peers/ starts and points to with KOAN_TEMPLATE_URL. Under
// KOAN_REQUIRE_PEERS=1 (as in CI) a missing store fails the run instead of
// skipping it. This store reads a local file, so it falls back to that:
// when your flavor talks to a real store, remove the fallback, and load the
// fixture into the store in create().
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { featureStoreSuite, peer } from "@koan/testing";
import { afterAll, describe } from "vitest";
import { templateFeatureStore } from "../src/feature-store/index.js";

const service = peer({ env: "KOAN_TEMPLATE_URL", start: "scripts/peers/template.sh", fallback: "local-file" });

describe.skipIf(!service.available)(`template feature store ${service.title}`, () => {
  const root = mkdtempSync(join(tmpdir(), "koan-template-feature-store-int-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  featureStoreSuite({
    name: "template (integration)",
    create: async (fixture) => {
      const path = join(root, "features.json");
      writeFileSync(path, JSON.stringify(fixture));
      return templateFeatureStore.create(templateFeatureStore.parseConfig({ path }), { componentName: "int", repositoryRoot: root });
    },
    capabilities: { materialize: true },
  });
});
