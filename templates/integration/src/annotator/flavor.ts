import { defineFlavor, z } from "@koan/core";

/** The config users give on the command line or in code; this in-memory annotator needs none. */
export const templateAnnotatorConfig = z.object({});

export type TemplateAnnotatorConfig = z.infer<typeof templateAnnotatorConfig>;

/** The `template` annotator flavor. */
export const templateAnnotator = defineFlavor({
  type: "annotator",
  name: "template",
  description: "Keeps datasets of tasks to label.",
  packageName: "@koan/integration-template",
  configSchema: templateAnnotatorConfig,
  async create() {
    // Imported here, not at the top: listing flavors must not load SDKs.
    const { TemplateAnnotator } = await import("./template-annotator.js");
    return new TemplateAnnotator();
  },
});
