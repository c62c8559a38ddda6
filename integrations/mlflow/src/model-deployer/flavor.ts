import { join, resolve } from "node:path";
import { defineFlavor, KOAN_DIR, z } from "@koan/core";
import { connectionOf, mlflowConnectionConfig } from "../connection-config.js";

/** The config users give on the command line (`--tracking-uri ... --mlflow-bin .venv/bin`) or in code. */
export const mlflowModelDeployerConfig = mlflowConnectionConfig.extend({
  mlflowBin: z
    .string()
    .min(1)
    .optional()
    .describe("The folder holding the mlflow executable (a virtual environment's bin), or the executable itself; mlflow on PATH by default"),
  host: z.string().min(1).default("127.0.0.1").describe("Address the prediction servers listen on"),
  startTimeoutMs: z.number().int().positive().default(180_000).describe("How long a server may take to load its model and answer"),
  stateDirectory: z
    .string()
    .min(1)
    .optional()
    .describe("Where the servers' records and logs are kept; .koan/mlflow/model-servers of the repository by default"),
});

export type MlflowModelDeployerConfig = z.infer<typeof mlflowModelDeployerConfig>;

/** The `mlflow` model deployer flavor: local prediction servers started with `mlflow models serve`. */
export const mlflowModelDeployer = defineFlavor({
  type: "model_deployer",
  name: "mlflow",
  description: "Serves registered MLflow models as local prediction servers (mlflow models serve --env-manager local).",
  packageName: "@koan/mlflow",
  configSchema: mlflowModelDeployerConfig,
  async create(config, context) {
    const { MlflowModelDeployer } = await import("./mlflow-model-deployer.js");
    const { FileServiceRecordStore } = await import("./service-record.js");
    const directory = config.stateDirectory
      ? resolve(context.repositoryRoot, config.stateDirectory)
      : join(context.repositoryRoot, KOAN_DIR, "mlflow", "model-servers");
    return new MlflowModelDeployer({
      connection: connectionOf(config),
      records: new FileServiceRecordStore(directory),
      logDirectory: directory,
      host: config.host,
      startTimeoutMs: config.startTimeoutMs,
      ...(config.mlflowBin !== undefined ? { mlflowBin: config.mlflowBin } : {}),
    });
  },
});
