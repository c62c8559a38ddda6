import { fileURLToPath } from "node:url";
import { flavorSuite, stepOperatorSuite, uniqueToken } from "@koan/testing";
import type { StepOperatorRequest } from "@koan/core/contracts";
import { templateStepOperator } from "../src/step-operator/index.js";

const fixtures = fileURLToPath(new URL("./fixtures/step-operator/", import.meta.url));
const context = { componentName: "conformance", repositoryRoot: process.cwd() };
const config = { command: [process.execPath, `${fixtures}entrypoint.mjs`] };

/** A request to run one of the fixture steps, as the engine would send it. */
async function request(exportName: string): Promise<StepOperatorRequest> {
  const runId = `run-${uniqueToken()}`;
  const stepId = `${exportName}-${uniqueToken()}`;
  return {
    runId,
    runName: "conformance",
    stepId,
    pipelineName: "conformance",
    entrypoint: { entrypointVersion: 1, module: "steps.mjs", exportName, workingDir: fixtures, runId, stepId, env: { KOAN_EXPECTED: "yes" } },
  };
}

stepOperatorSuite({
  name: "template",
  create: () => templateStepOperator.create(templateStepOperator.parseConfig(config), context),
  capabilities: { cancel: true },
  requests: {
    completing: () => request("completing"),
    failing: () => request("failing"),
    hanging: () => request("hanging"),
  },
});

flavorSuite({
  flavor: templateStepOperator,
  validConfig: config,
  invalidConfigs: [
    { config: { command: [] }, path: "command" },
    { config: { env: { KEY: 1 } }, path: "env.KEY" },
  ],
  context,
  packageName: "@koan/integration-template",
});
