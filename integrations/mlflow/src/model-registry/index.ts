export { mlflowModelRegistry, mlflowModelRegistryConfig } from "./flavor.js";
export type { MlflowModelRegistryConfig } from "./flavor.js";
export { MlflowModelRegistry } from "./mlflow-model-registry.js";
export type { MlflowModelRegistryOptions } from "./mlflow-model-registry.js";
