import { defineFlavor, z } from "@koan/core";

/** The config users give on the command line or in code; this in-memory manager needs none. */
export const templateSecretsManagerConfig = z.object({});

export type TemplateSecretsManagerConfig = z.infer<typeof templateSecretsManagerConfig>;

/** The `template` secrets manager flavor. */
export const templateSecretsManager = defineFlavor({
  type: "secrets_manager",
  name: "template",
  description: "Keeps named secrets with schemas.",
  packageName: "@koan/integration-template",
  configSchema: templateSecretsManagerConfig,
  async create() {
    // Imported here, not at the top: listing flavors must not load SDKs.
    const { TemplateSecretsManager } = await import("./template-secrets-manager.js");
    return new TemplateSecretsManager();
  },
});
