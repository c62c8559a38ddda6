import { annotatorSuite, flavorSuite } from "@koan/testing";
import { TemplateAnnotator, templateAnnotator } from "../src/annotator/index.js";

const context = { componentName: "conformance", repositoryRoot: process.cwd() };
let created: TemplateAnnotator | undefined;

annotatorSuite({
  name: "template",
  create: async () => {
    created = (await templateAnnotator.create(templateAnnotator.parseConfig({}), context)) as TemplateAnnotator;
    return created;
  },
  capabilities: { ui: false },
  async label(dataset, taskId, result) {
    await created?.label(dataset, taskId, result, "conformance-user");
  },
});

flavorSuite({
  flavor: templateAnnotator,
  validConfig: {},
  invalidConfigs: [{ config: "not an object", path: "" }],
  context,
  packageName: "@koan/integration-template",
});
