// One minimal flavor of each component type. `koan integration new` copies
// the folder of one type and writes an index like this one for it.
export * from "./alerter/index.js";
export * from "./annotator/index.js";
export * from "./artifact-store/index.js";
export * from "./container-registry/index.js";
export * from "./data-validator/index.js";
export * from "./experiment-tracker/index.js";
export * from "./feature-store/index.js";
export * from "./model-deployer/index.js";
export * from "./model-registry/index.js";
export * from "./orchestrator/index.js";
export * from "./secrets-manager/index.js";
export * from "./step-operator/index.js";
export * from "./visualizer/index.js";
