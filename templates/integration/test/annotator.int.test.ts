// The conformance suite against the real labeling tool, which
// scripts/peers/ starts and points to with KOAN_TEMPLATE_URL. Under
// KOAN_REQUIRE_PEERS=1 (as in CI) a missing tool fails the run instead of
// skipping it. This annotator keeps tasks in memory, so it falls back to
// that: when your flavor talks to a real tool, remove the fallback, and
// make label() annotate through the tool's API.
import { annotatorSuite, peer } from "@koan/testing";
import { describe } from "vitest";
import { TemplateAnnotator, templateAnnotator } from "../src/annotator/index.js";

const service = peer({ env: "KOAN_TEMPLATE_URL", start: "scripts/peers/template.sh", fallback: "in-memory" });

describe.skipIf(!service.available)(`template annotator ${service.title}`, () => {
  let annotator: TemplateAnnotator | undefined;
  annotatorSuite({
    name: "template (integration)",
    create: async () => {
      annotator = (await templateAnnotator.create(templateAnnotator.parseConfig({}), { componentName: "int", repositoryRoot: process.cwd() })) as TemplateAnnotator;
      return annotator;
    },
    capabilities: { ui: false },
    async label(dataset, taskId, result) {
      await annotator?.label(dataset, taskId, result);
    },
  });
});
