export { mlflowModelDeployer, mlflowModelDeployerConfig } from "./flavor.js";
export type { MlflowModelDeployerConfig } from "./flavor.js";
export { MlflowModelDeployer } from "./mlflow-model-deployer.js";
export type { MlflowModelDeployerOptions } from "./mlflow-model-deployer.js";
export { mlflowServeConfig } from "./serve-config.js";
export type { MlflowServeConfig } from "./serve-config.js";
export { MetadataServiceRecordStore } from "./service-record.js";
export type { ServiceRecord, ServiceRecordStore } from "./service-record.js";
