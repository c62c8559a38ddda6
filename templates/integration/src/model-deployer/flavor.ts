import { defineFlavor, z } from "@koan/core";

/** The config users give on the command line (`--host 127.0.0.1`) or in code. */
export const templateModelDeployerConfig = z.object({
  host: z.string().min(1).default("127.0.0.1").describe("Address the prediction servers listen on"),
});

export type TemplateModelDeployerConfig = z.infer<typeof templateModelDeployerConfig>;

/** The `template` model deployer flavor. */
export const templateModelDeployer = defineFlavor({
  type: "model_deployer",
  name: "template",
  description: "Serves linear models from local HTTP prediction servers.",
  packageName: "@koan/integration-template",
  configSchema: templateModelDeployerConfig,
  async create(config) {
    // Imported here, not at the top: listing flavors must not load SDKs.
    const { TemplateModelDeployer } = await import("./template-model-deployer.js");
    return new TemplateModelDeployer(config.host);
  },
});
