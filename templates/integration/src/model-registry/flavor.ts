import { defineFlavor, z } from "@koan/core";

/** The config users give on the command line or in code; this in-memory registry needs none. */
export const templateModelRegistryConfig = z.object({});

export type TemplateModelRegistryConfig = z.infer<typeof templateModelRegistryConfig>;

/** The `template` model registry flavor. */
export const templateModelRegistry = defineFlavor({
  type: "model_registry",
  name: "template",
  description: "Registers models, their versions and aliases.",
  packageName: "@koan/integration-template",
  configSchema: templateModelRegistryConfig,
  async create() {
    // Imported here, not at the top: listing flavors must not load SDKs.
    const { TemplateModelRegistry } = await import("./template-model-registry.js");
    return new TemplateModelRegistry();
  },
});
