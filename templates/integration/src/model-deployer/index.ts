export { templateModelDeployer, templateModelDeployerConfig } from "./flavor.js";
export type { TemplateModelDeployerConfig } from "./flavor.js";
export { TemplateModelDeployer } from "./template-model-deployer.js";
export { loadLinearModel, predictLinear } from "./linear-model.js";
export type { LinearModel } from "./linear-model.js";
