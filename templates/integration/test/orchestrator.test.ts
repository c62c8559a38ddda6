import { flavorSuite, orchestratorSuite } from "@koan/testing";
import { templateOrchestrator } from "../src/orchestrator/index.js";

const context = { componentName: "conformance", repositoryRoot: process.cwd() };

orchestratorSuite({
  name: "template (concurrency 2)",
  create: () => templateOrchestrator.create(templateOrchestrator.parseConfig({ concurrency: 2 }), context),
  capabilities: { parallel: true, maxConcurrency: 2, cancellation: true },
});

orchestratorSuite({
  name: "template (one step at a time)",
  create: () => templateOrchestrator.create(templateOrchestrator.parseConfig({ concurrency: 1 }), context),
  capabilities: { parallel: false, maxConcurrency: 1, cancellation: true },
});

flavorSuite({
  flavor: templateOrchestrator,
  validConfig: { concurrency: 4 },
  invalidConfigs: [
    { config: { concurrency: 0 }, path: "concurrency" },
    { config: { concurrency: "many" }, path: "concurrency" },
  ],
  context,
  packageName: "@koan/integration-template",
});
