import { join, resolve } from "node:path";
import { defineFlavor, KOAN_DIR, repositoryMetadataStore, z } from "@koan/core";
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
  logDirectory: z
    .string()
    .min(1)
    .optional()
    .describe("Where the servers' logs are kept; .koan/mlflow/model-servers of the repository by default"),
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
    const { MetadataServiceRecordStore } = await import("./service-record.js");
    const directory = config.logDirectory
      ? resolve(context.repositoryRoot, config.logDirectory)
      : join(context.repositoryRoot, KOAN_DIR, "mlflow", "model-servers");
    // The services are component state in the repository's metadata store: any process of the repository finds them.
    const store = await repositoryMetadataStore(context.repositoryRoot);
    return new MlflowModelDeployer({
      connection: connectionOf(config),
      records: new MetadataServiceRecordStore(store, context.componentName),
      logDirectory: directory,
      host: config.host,
      startTimeoutMs: config.startTimeoutMs,
      ...(config.mlflowBin !== undefined ? { mlflowBin: config.mlflowBin } : {}),
    });
  },
});
