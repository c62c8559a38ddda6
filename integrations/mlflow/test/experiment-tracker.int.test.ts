// The conformance suite against the real tracker, which scripts/peers/
// starts and points to with KOAN_MLFLOW_URL. Under KOAN_REQUIRE_PEERS=1
// (as in CI) a missing tracker fails the run instead of skipping it.
// This tracker keeps runs in memory, so it falls back to that: when your
// flavor talks to a real tracker, remove the fallback, pass the URL in the
// config, and read runs back through the tracker's API in inspect().
import { experimentTrackerSuite, peer } from "@koan/testing";
import { describe } from "vitest";
import { mlflowExperimentTracker } from "../src/experiment-tracker/index.js";

const service = peer({ env: "KOAN_MLFLOW_URL", start: "scripts/peers/mlflow.sh", fallback: "http://localhost:5000" });

describe.skipIf(!service.available)(`mlflow experiment tracker ${service.title}`, () => {
  experimentTrackerSuite({
    name: "mlflow (integration)",
    create: () =>
      mlflowExperimentTracker.create(mlflowExperimentTracker.parseConfig({ baseUrl: service.value }), {
        componentName: "int",
        repositoryRoot: process.cwd(),
      }),
    capabilities: { urls: true, artifacts: true },
  });
});
