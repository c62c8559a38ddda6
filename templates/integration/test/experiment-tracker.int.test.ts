// The conformance suite against the real tracker, which scripts/peers/
// starts and points to with KOAN_TEMPLATE_URL. Under KOAN_REQUIRE_PEERS=1
// (as in CI) a missing tracker fails the run instead of skipping it.
// This tracker keeps runs in memory, so it falls back to that: when your
// flavor talks to a real tracker, remove the fallback, pass the URL in the
// config, and read runs back through the tracker's API in inspect().
import { experimentTrackerSuite, peer } from "@koan/testing";
import { describe } from "vitest";
import { templateExperimentTracker } from "../src/experiment-tracker/index.js";

const service = peer({ env: "KOAN_TEMPLATE_URL", start: "scripts/peers/template.sh", fallback: "http://localhost:5000" });

describe.skipIf(!service.available)(`template experiment tracker ${service.title}`, () => {
  experimentTrackerSuite({
    name: "template (integration)",
    create: () =>
      templateExperimentTracker.create(templateExperimentTracker.parseConfig({ baseUrl: service.value }), {
        componentName: "int",
        repositoryRoot: process.cwd(),
      }),
    capabilities: { urls: true, artifacts: true },
  });
});
