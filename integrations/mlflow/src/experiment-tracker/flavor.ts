import { defineFlavor, z } from "@koan/core";
import { connectionOf, mlflowConnectionConfig } from "../connection-config.js";

/** The config users give on the command line (`--tracking-uri http://127.0.0.1:5000`) or in code. */
export const mlflowExperimentTrackerConfig = mlflowConnectionConfig.extend({
  experimentName: z
    .string()
    .min(1)
    .optional()
    .describe("One MLflow experiment for every pipeline; by default each pipeline gets an experiment named after it"),
});

export type MlflowExperimentTrackerConfig = z.infer<typeof mlflowExperimentTrackerConfig>;

/** The `mlflow` experiment tracker flavor. */
export const mlflowExperimentTracker = defineFlavor({
  type: "experiment_tracker",
  name: "mlflow",
  description: "Records each tracked step as an MLflow run, nested under one run per pipeline run.",
  packageName: "@koan/mlflow",
  configSchema: mlflowExperimentTrackerConfig,
  remote: true,
  async create(config) {
    // Imported here, not at the top: listing flavors must not load the client.
    const { MlflowExperimentTracker } = await import("./mlflow-experiment-tracker.js");
    return new MlflowExperimentTracker({
      connection: connectionOf(config),
      ...(config.experimentName !== undefined ? { experimentName: config.experimentName } : {}),
    });
  },
});
