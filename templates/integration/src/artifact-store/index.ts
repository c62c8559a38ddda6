export { templateArtifactStore, templateArtifactStoreConfig } from "./flavor.js";
export type { TemplateArtifactStoreConfig } from "./flavor.js";
export { TemplateArtifactStore } from "./template-artifact-store.js";
