import { dataValidatorSuite, flavorSuite } from "@koan/testing";
import { templateDataValidator } from "../src/data-validator/index.js";

const context = { componentName: "conformance", repositoryRoot: process.cwd() };

dataValidatorSuite({
  name: "template",
  create: () => templateDataValidator.create(templateDataValidator.parseConfig({}), context),
  capabilities: { modelValidation: false, flavorChecks: false },
});

flavorSuite({
  flavor: templateDataValidator,
  validConfig: { driftThreshold: 0.1 },
  invalidConfigs: [
    { config: { driftThreshold: 0 }, path: "driftThreshold" },
    { config: { driftShare: 2 }, path: "driftShare" },
  ],
  context,
  packageName: "@koan/integration-template",
});
