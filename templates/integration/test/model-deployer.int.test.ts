// The conformance suite against the real serving platform, which
// scripts/peers/ starts and points to with KOAN_TEMPLATE_URL. Under
// KOAN_REQUIRE_PEERS=1 (as in CI) a missing platform fails the run instead
// of skipping it. This deployer serves from local processes, so it falls
// back to that: when your flavor deploys to a real platform, remove the
// fallback and use the URL.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { modelDeployerSuite, peer } from "@koan/testing";
import { afterAll, describe } from "vitest";
import { templateModelDeployer } from "../src/model-deployer/index.js";

const service = peer({ env: "KOAN_TEMPLATE_URL", start: "scripts/peers/template.sh", fallback: "127.0.0.1" });

describe.skipIf(!service.available)(`template model deployer ${service.title}`, () => {
  const folder = mkdtempSync(join(tmpdir(), "koan-template-model-deployer-int-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const modelFile = join(folder, "model.json");
  writeFileSync(modelFile, JSON.stringify({ weights: [1], bias: 0 }));
  modelDeployerSuite({
    name: "template (integration)",
    create: () => templateModelDeployer.create(templateModelDeployer.parseConfig({}), { componentName: "int", repositoryRoot: folder }),
    capabilities: { predict: true },
    model: async () => ({ ref: { name: "identity", uri: modelFile }, input: { instances: [[5]] } }),
  });
});
