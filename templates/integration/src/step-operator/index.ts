export { templateStepOperator, templateStepOperatorConfig } from "./flavor.js";
export type { TemplateStepOperatorConfig } from "./flavor.js";
export { TemplateStepOperator } from "./template-step-operator.js";
export type { TemplateStepOperatorOptions } from "./template-step-operator.js";
