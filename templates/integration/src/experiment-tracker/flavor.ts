import { defineFlavor, z } from "@koan/core";

/** The config users give on the command line (`--base-url http://localhost:5000`) or in code. */
export const templateExperimentTrackerConfig = z.object({
  baseUrl: z.url().optional().describe("Address of the tracker's UI; runs have links only when it is set"),
});

export type TemplateExperimentTrackerConfig = z.infer<typeof templateExperimentTrackerConfig>;

/** The `template` experiment tracker flavor. */
export const templateExperimentTracker = defineFlavor({
  type: "experiment_tracker",
  name: "template",
  description: "Records params, metrics, files and tags of each step run.",
  packageName: "@koan/integration-template",
  configSchema: templateExperimentTrackerConfig,
  async create(config) {
    // Imported here, not at the top: listing flavors must not load SDKs.
    const { TemplateExperimentTracker } = await import("./template-experiment-tracker.js");
    return new TemplateExperimentTracker(config.baseUrl === undefined ? {} : { baseUrl: config.baseUrl });
  },
});
