// The conformance suite against the real engine, which scripts/peers/
// starts and points to with KOAN_TEMPLATE_URL. Under KOAN_REQUIRE_PEERS=1
// (as in CI) a missing engine fails the run instead of skipping it.
// This orchestrator runs in-process, so it falls back to that: when your
// flavor submits work to a real engine, remove the fallback and use the URL.
import { orchestratorSuite, peer } from "@koan/testing";
import { describe } from "vitest";
import { templateOrchestrator } from "../src/orchestrator/index.js";

const service = peer({ env: "KOAN_TEMPLATE_URL", start: "scripts/peers/template.sh", fallback: "in-process" });

describe.skipIf(!service.available)(`template orchestrator ${service.title}`, () => {
  orchestratorSuite({
    name: "template (integration)",
    create: () => templateOrchestrator.create(templateOrchestrator.parseConfig({ concurrency: 3 }), { componentName: "int", repositoryRoot: process.cwd() }),
    capabilities: { parallel: true, maxConcurrency: 3, cancellation: true },
  });
});
