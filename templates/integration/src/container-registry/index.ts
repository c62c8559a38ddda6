export { templateContainerRegistry, templateContainerRegistryConfig } from "./flavor.js";
export type { TemplateContainerRegistryConfig } from "./flavor.js";
export { TemplateContainerRegistry } from "./template-container-registry.js";
export type { TemplateContainerRegistryOptions } from "./template-container-registry.js";
