/**
 * Every integration `koan integration list` and `koan integration install`
 * know by name: its npm package and the flavors it provides (`type/name`).
 * The one table of them: a package check compares it with the folders under
 * `integrations/` of the repository, so add a row with each new integration.
 * Installed packages that are not in this table (third-party integrations)
 * are still discovered from their package.json `"koan"` field.
 */
export interface KnownIntegration {
  /** What users type: `koan integration install slack`. */
  readonly name: string;
  readonly packageName: string;
  readonly description: string;
  readonly flavors: readonly string[];
  /** Part of @koan/core: always installed, never installed separately. */
  readonly builtIn?: true;
}

export const KNOWN_INTEGRATIONS: readonly KnownIntegration[] = [
  {
    name: "core",
    packageName: "@koan/core",
    description: "The local stack: in-process orchestrator, local artifact store, encrypted local secrets",
    flavors: ["artifact_store/local", "orchestrator/local", "secrets_manager/local"],
    builtIn: true,
  },
  {
    name: "discord",
    packageName: "@koan/discord",
    description: "Discord alerter: posts run messages to a channel as a bot, asks for approval by replies or reactions",
    flavors: ["alerter/discord"],
  },
  {
    name: "mattermost",
    packageName: "@koan/mattermost",
    description: "Mattermost alerter: posts run messages through the REST API or an incoming webhook, asks for approval in threads",
    flavors: ["alerter/mattermost"],
  },
  {
    name: "email",
    packageName: "@koan/email",
    description: "Emails pipeline messages with their run context over SMTP (post only)",
    flavors: ["alerter/email"],
  },
  {
    name: "slack",
    packageName: "@koan/slack",
    description: "Posts pipeline messages to Slack and asks for approval in a thread",
    flavors: ["alerter/slack"],
  },
  {
    name: "mlflow",
    packageName: "@koan/mlflow",
    description: "MLflow: experiment tracker (nested runs per pipeline run), model registry (versions, aliases) and model deployer (local prediction servers)",
    flavors: ["experiment_tracker/mlflow", "model_deployer/mlflow", "model_registry/mlflow"],
  },
  {
    name: "s3",
    packageName: "@koan/s3",
    description: "Artifact store in an S3 bucket or any S3-compatible object store (MinIO, Ceph, R2, ...)",
    flavors: ["artifact_store/s3"],
  },
  {
    name: "azure",
    packageName: "@koan/azure",
    description: "Azure Blob Storage artifact store (az://container/folder)",
    flavors: ["artifact_store/azure"],
  },
  {
    name: "gcp",
    packageName: "@koan/gcp",
    description: "Google Cloud Storage artifact store (gs://bucket/folder)",
    flavors: ["artifact_store/gcs"],
  },
];
