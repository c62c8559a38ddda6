import { defineFlavor, z } from "@koan/core";

/** The config users give on the command line or in code; this visualizer needs none. */
export const templateVisualizerConfig = z.object({});

export type TemplateVisualizerConfig = z.infer<typeof templateVisualizerConfig>;

/** The `template` visualizer flavor. */
export const templateVisualizer = defineFlavor({
  type: "visualizer",
  name: "template",
  description: "Renders visualizations into one self-contained HTML page.",
  packageName: "@koan/integration-template",
  configSchema: templateVisualizerConfig,
  async create() {
    // Imported here, not at the top: listing flavors must not load SDKs.
    const { TemplateVisualizer } = await import("./template-visualizer.js");
    return new TemplateVisualizer();
  },
});
