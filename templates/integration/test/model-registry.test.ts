import { flavorSuite, modelRegistrySuite } from "@koan/testing";
import { templateModelRegistry } from "../src/model-registry/index.js";

const context = { componentName: "conformance", repositoryRoot: process.cwd() };

modelRegistrySuite({
  name: "template",
  capabilities: { metadata: true, lineage: true },
  create: () => templateModelRegistry.create(templateModelRegistry.parseConfig({}), context),
});

flavorSuite({
  flavor: templateModelRegistry,
  validConfig: {},
  invalidConfigs: [{ config: "not an object", path: "" }],
  context,
  packageName: "@koan/integration-template",
});
