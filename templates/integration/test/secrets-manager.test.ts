import { flavorSuite, secretsManagerSuite } from "@koan/testing";
import { templateSecretsManager } from "../src/secrets-manager/index.js";

const context = { componentName: "conformance", repositoryRoot: process.cwd() };

secretsManagerSuite({
  name: "template",
  create: () => templateSecretsManager.create(templateSecretsManager.parseConfig({}), context),
});

flavorSuite({
  flavor: templateSecretsManager,
  validConfig: {},
  invalidConfigs: [{ config: "not an object", path: "" }],
  context,
  packageName: "@koan/integration-template",
});
