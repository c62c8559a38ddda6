import { isAbsolute, resolve } from "node:path";
import { defineFlavor, z } from "@koan/core";

/** The config users give on the command line (`--path features.json`) or in code. */
export const templateFeatureStoreConfig = z.object({
  path: z.string().min(1).describe("JSON file with the feature views and the offline rows; relative to the project root"),
});

export type TemplateFeatureStoreConfig = z.infer<typeof templateFeatureStoreConfig>;

/** The `template` feature store flavor. */
export const templateFeatureStore = defineFlavor({
  type: "feature_store",
  name: "template",
  description: "Serves features from a local file, point-in-time correct, with an online store filled by materialize.",
  packageName: "@koan/integration-template",
  configSchema: templateFeatureStoreConfig,
  async create(config, context) {
    // Imported here, not at the top: listing flavors must not load SDKs.
    const { TemplateFeatureStore, readOfflineStore } = await import("./template-feature-store.js");
    const { views, rows } = await readOfflineStore(isAbsolute(config.path) ? config.path : resolve(context.repositoryRoot, config.path));
    return new TemplateFeatureStore(views, rows);
  },
});
