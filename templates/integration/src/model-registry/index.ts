export { templateModelRegistry, templateModelRegistryConfig } from "./flavor.js";
export type { TemplateModelRegistryConfig } from "./flavor.js";
export { TemplateModelRegistry } from "./template-model-registry.js";
