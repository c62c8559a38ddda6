export { templateSecretsManager, templateSecretsManagerConfig } from "./flavor.js";
export type { TemplateSecretsManagerConfig } from "./flavor.js";
export { TemplateSecretsManager } from "./template-secrets-manager.js";
