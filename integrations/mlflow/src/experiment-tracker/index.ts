export { mlflowExperimentTracker, mlflowExperimentTrackerConfig } from "./flavor.js";
export type { MlflowExperimentTrackerConfig } from "./flavor.js";
export { MlflowExperimentTracker, KOAN_TAGS } from "./mlflow-experiment-tracker.js";
export type { MlflowExperimentTrackerOptions, PipelineRunInfo } from "./mlflow-experiment-tracker.js";
export { MlflowStepRun } from "./mlflow-step-run.js";
export { paramValue } from "./param-value.js";
