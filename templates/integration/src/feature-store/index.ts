export { templateFeatureStore, templateFeatureStoreConfig } from "./flavor.js";
export type { TemplateFeatureStoreConfig } from "./flavor.js";
export { readOfflineStore, TemplateFeatureStore } from "./template-feature-store.js";
export type { OfflineRow } from "./template-feature-store.js";
