import { defineFlavor, z } from "@koan/core";

/** The config users give on the command line (`--concurrency 4`) or in code. */
export const templateOrchestratorConfig = z.object({
  concurrency: z.number().int().min(1).max(256).default(4).describe("How many steps may run at the same time"),
});

export type TemplateOrchestratorConfig = z.infer<typeof templateOrchestratorConfig>;

/** The `template` orchestrator flavor. */
export const templateOrchestrator = defineFlavor({
  type: "orchestrator",
  name: "template",
  description: "Runs the steps of a pipeline in this process, independent ones side by side.",
  packageName: "@koan/integration-template",
  configSchema: templateOrchestratorConfig,
  remote: false,
  async create(config) {
    // Imported here, not at the top: listing flavors must not load SDKs.
    const { TemplateOrchestrator } = await import("./template-orchestrator.js");
    return new TemplateOrchestrator(config);
  },
});
