// The conformance suite against the real registry, which scripts/peers/
// starts and points to with KOAN_TEMPLATE_URL. Under KOAN_REQUIRE_PEERS=1
// (as in CI) a missing registry fails the run instead of skipping it.
// This registry keeps models in memory, so it falls back to that: when your
// flavor talks to a real registry, remove the fallback and use the URL.
import { modelRegistrySuite, peer } from "@koan/testing";
import { describe } from "vitest";
import { templateModelRegistry } from "../src/model-registry/index.js";

const service = peer({ env: "KOAN_TEMPLATE_URL", start: "scripts/peers/template.sh", fallback: "in-memory" });

describe.skipIf(!service.available)(`template model registry ${service.title}`, () => {
  modelRegistrySuite({
    name: "template (integration)",
    capabilities: { metadata: true, lineage: true },
    create: () => templateModelRegistry.create(templateModelRegistry.parseConfig({}), { componentName: "int", repositoryRoot: process.cwd() }),
  });
});
