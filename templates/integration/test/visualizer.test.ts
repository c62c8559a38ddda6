import { flavorSuite, visualizerSuite } from "@koan/testing";
import { templateVisualizer } from "../src/visualizer/index.js";

const context = { componentName: "conformance", repositoryRoot: process.cwd() };

visualizerSuite({
  name: "template",
  create: () => templateVisualizer.create(templateVisualizer.parseConfig({}), context),
  capabilities: { save: true },
});

flavorSuite({
  flavor: templateVisualizer,
  validConfig: {},
  invalidConfigs: [{ config: "not an object", path: "" }],
  context,
  packageName: "@koan/integration-template",
});
