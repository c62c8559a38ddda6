// The conformance suite against the real rendering service, if your
// visualizer needs one: scripts/peers/ starts it and points to it with
// KOAN_TEMPLATE_URL. Under KOAN_REQUIRE_PEERS=1 (as in CI) a missing
// service fails the run instead of skipping it. This visualizer renders
// in-process, so it falls back to that.
import { peer, visualizerSuite } from "@koan/testing";
import { describe } from "vitest";
import { templateVisualizer } from "../src/visualizer/index.js";

const service = peer({ env: "KOAN_TEMPLATE_URL", start: "scripts/peers/template.sh", fallback: "in-process" });

describe.skipIf(!service.available)(`template visualizer ${service.title}`, () => {
  visualizerSuite({
    name: "template (integration)",
    create: () => templateVisualizer.create(templateVisualizer.parseConfig({}), { componentName: "int", repositoryRoot: process.cwd() }),
    capabilities: { save: true },
  });
});
