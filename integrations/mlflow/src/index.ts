// The package's public API: the flavors, their config schemas, the classes and the REST client.
export * from "./experiment-tracker/index.js";
export * from "./model-deployer/index.js";
export * from "./model-registry/index.js";
export * from "./client/index.js";
export { mlflowConnectionConfig } from "./connection-config.js";
export type { MlflowConnectionConfig } from "./connection-config.js";
