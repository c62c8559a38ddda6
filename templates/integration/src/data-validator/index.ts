export { templateDataValidator, templateDataValidatorConfig } from "./flavor.js";
export type { TemplateDataValidatorConfig } from "./flavor.js";
export { TemplateDataValidator } from "./template-data-validator.js";
export type { TemplateDataValidatorOptions } from "./template-data-validator.js";
