export { templateExperimentTracker, templateExperimentTrackerConfig } from "./flavor.js";
export type { TemplateExperimentTrackerConfig } from "./flavor.js";
export { TemplateExperimentTracker } from "./template-experiment-tracker.js";
export type { TemplateExperimentTrackerOptions, TrackedRun } from "./template-experiment-tracker.js";
