import { containerRegistrySuite, flavorSuite } from "@koan/testing";
import { templateContainerRegistry } from "../src/container-registry/index.js";

const context = { componentName: "conformance", repositoryRoot: process.cwd() };

containerRegistrySuite({
  name: "template on localhost with a login",
  create: () =>
    templateContainerRegistry.create(templateContainerRegistry.parseConfig({ uri: "localhost:5000/team", username: "robot", password: "s3cr3t-registry-password" }), context),
  capabilities: { credentials: "basic" },
});

containerRegistrySuite({
  name: "template without a login",
  create: () => templateContainerRegistry.create(templateContainerRegistry.parseConfig({ uri: "registry.example.com/ml" }), context),
  capabilities: { credentials: "none" },
});

flavorSuite({
  flavor: templateContainerRegistry,
  validConfig: { uri: "registry.example.com/ml", username: "robot", password: "{{registry.password}}" },
  invalidConfigs: [
    { config: {}, path: "uri" },
    { config: { uri: "https://registry.example.com" }, path: "uri" },
    { config: { uri: "registry.example.com", username: "robot" }, path: "password" },
  ],
  context,
  packageName: "@koan/integration-template",
});
