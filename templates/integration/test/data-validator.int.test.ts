// The conformance suite against the real validation service, which
// scripts/peers/ starts and points to with KOAN_TEMPLATE_URL. Under
// KOAN_REQUIRE_PEERS=1 (as in CI) a missing service fails the run instead
// of skipping it. This validator computes in-process, so it falls back to
// that: when your flavor runs a real tool, remove the fallback.
import { dataValidatorSuite, peer } from "@koan/testing";
import { describe } from "vitest";
import { templateDataValidator } from "../src/data-validator/index.js";

const service = peer({ env: "KOAN_TEMPLATE_URL", start: "scripts/peers/template.sh", fallback: "in-process" });

describe.skipIf(!service.available)(`template data validator ${service.title}`, () => {
  dataValidatorSuite({
    name: "template (integration)",
    create: () => templateDataValidator.create(templateDataValidator.parseConfig({ driftThreshold: 0.3 }), { componentName: "int", repositoryRoot: process.cwd() }),
    capabilities: { modelValidation: false, flavorChecks: false },
  });
});
