import { isAbsolute, resolve } from "node:path";
import { defineFlavor, z } from "@koan/core";

/** The config users give on the command line (`--root ./objects`) or in code. */
export const templateArtifactStoreConfig = z.object({
  root: z.string().min(1).describe("Folder that holds the objects; a relative path resolves against the project root"),
});

export type TemplateArtifactStoreConfig = z.infer<typeof templateArtifactStoreConfig>;

/** The `template` artifact store flavor. */
export const templateArtifactStore = defineFlavor({
  type: "artifact_store",
  name: "template",
  description: "Stores artifacts as files under a root folder.",
  packageName: "@koan/integration-template",
  configSchema: templateArtifactStoreConfig,
  remote: false,
  async create(config, context) {
    // Imported here, not at the top: listing flavors must not load SDKs.
    const { TemplateArtifactStore } = await import("./template-artifact-store.js");
    return new TemplateArtifactStore(isAbsolute(config.root) ? config.root : resolve(context.repositoryRoot, config.root));
  },
});
