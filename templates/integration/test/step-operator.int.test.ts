// The conformance suite against the real platform, which scripts/peers/
// starts (a local cluster) and points to with KOAN_TEMPLATE_URL. Under
// KOAN_REQUIRE_PEERS=1 (as in CI) a missing platform fails the run instead
// of skipping it. This operator runs child processes, so it falls back to
// this machine: when your flavor launches work elsewhere, remove the
// fallback and use the URL.
import { fileURLToPath } from "node:url";
import { peer, stepOperatorSuite, uniqueToken } from "@koan/testing";
import { describe } from "vitest";
import { templateStepOperator } from "../src/step-operator/index.js";

const service = peer({ env: "KOAN_TEMPLATE_URL", start: "scripts/peers/template.sh", fallback: "this-machine" });
const fixtures = fileURLToPath(new URL("./fixtures/step-operator/", import.meta.url));

describe.skipIf(!service.available)(`template step operator ${service.title}`, () => {
  const request = async (exportName: string) => {
    const runId = `run-${uniqueToken()}`;
    const stepId = `${exportName}-${uniqueToken()}`;
    return {
      runId,
      runName: "int",
      stepId,
      pipelineName: "int",
      entrypoint: { entrypointVersion: 1 as const, module: "steps.mjs", exportName, workingDir: fixtures, runId, stepId, env: {} },
    };
  };
  stepOperatorSuite({
    name: "template (integration)",
    create: () =>
      templateStepOperator.create(templateStepOperator.parseConfig({ command: [process.execPath, `${fixtures}entrypoint.mjs`] }), {
        componentName: "int",
        repositoryRoot: process.cwd(),
      }),
    capabilities: { cancel: true },
    requests: { completing: () => request("completing"), failing: () => request("failing"), hanging: () => request("hanging") },
  });
});
