// The conformance suite against the real registry, which scripts/peers/
// starts (a local `registry:2`) and points to with KOAN_TEMPLATE_URL. Under
// KOAN_REQUIRE_PEERS=1 (as in CI) a missing registry fails the run instead
// of skipping it. Naming images needs no server, so this falls back to a
// local address: when your flavor fetches tokens from a real registry,
// remove the fallback.
import { containerRegistrySuite, peer } from "@koan/testing";
import { describe } from "vitest";
import { templateContainerRegistry } from "../src/container-registry/index.js";

const service = peer({ env: "KOAN_TEMPLATE_URL", start: "scripts/peers/template.sh", fallback: "localhost:5000" });

describe.skipIf(!service.available)(`template container registry ${service.title}`, () => {
  containerRegistrySuite({
    name: "template (integration)",
    create: () => templateContainerRegistry.create(templateContainerRegistry.parseConfig({ uri: service.value }), { componentName: "int", repositoryRoot: process.cwd() }),
    capabilities: { credentials: "none" },
  });
});
