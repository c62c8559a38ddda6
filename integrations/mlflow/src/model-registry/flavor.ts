import { defineFlavor, z } from "@koan/core";
import { connectionOf, mlflowConnectionConfig } from "../connection-config.js";

/** The config users give on the command line (`--tracking-uri http://127.0.0.1:5000`) or in code. */
export const mlflowModelRegistryConfig = mlflowConnectionConfig.extend({
  uploadExperiment: z
    .string()
    .min(1)
    .default("koan-model-registry")
    .describe("The MLflow experiment whose runs hold model files the registry uploads from local paths"),
});

export type MlflowModelRegistryConfig = z.infer<typeof mlflowModelRegistryConfig>;

/** The `mlflow` model registry flavor: MLflow's registered models, versions and aliases. */
export const mlflowModelRegistry = defineFlavor({
  type: "model_registry",
  name: "mlflow",
  description: "Registers model versions in MLflow's model registry, with aliases; serves them to the mlflow model deployer as models:/ URIs.",
  packageName: "@koan/mlflow",
  configSchema: mlflowModelRegistryConfig,
  remote: true,
  async create(config) {
    const { MlflowModelRegistry } = await import("./mlflow-model-registry.js");
    return new MlflowModelRegistry({ connection: connectionOf(config), uploadExperiment: config.uploadExperiment });
  },
});
