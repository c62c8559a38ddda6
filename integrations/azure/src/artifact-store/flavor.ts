import { defineFlavor, InvalidConfigError, z } from "@koan/core";
import { parseAzurePath } from "./azure-path.js";
import type { AzureCredentials } from "./azure-credentials.js";

/** The config users give on the command line (`--path az://container/folder`) or in code. */
export const azureArtifactStoreConfig = z
  .object({
    path: z
      .string()
      .superRefine((path, context) => {
        const parsed = parseAzurePath(path);
        if (typeof parsed === "string") context.addIssue({ code: "custom", message: parsed });
      })
      .describe("az://CONTAINER or az://CONTAINER/FOLDER: the container (which must exist) and the folder in it that holds the artifacts"),
    connectionString: z
      .string()
      .min(1)
      .optional()
      .describe("The storage account's connection string: use a secret reference such as {{azure.AZURE_STORAGE_CONNECTION_STRING}}"),
    accountName: z.string().min(1).optional().describe("The storage account's name, with accountKey or sasToken, e.g. {{azure.AZURE_STORAGE_ACCOUNT_NAME}}"),
    accountKey: z.string().min(1).optional().describe("The storage account's key: use a secret reference such as {{azure.AZURE_STORAGE_ACCOUNT_KEY}}"),
    sasToken: z.string().min(1).optional().describe("A SAS token for the container or account: use a secret reference such as {{azure.AZURE_STORAGE_SAS_TOKEN}}"),
    endpoint: z
      .url()
      .optional()
      .describe("The Blob service URL with accountName: by default https://ACCOUNT.blob.core.windows.net; for Azurite http://127.0.0.1:10000/devstoreaccount1"),
    maxRetries: z.number().int().min(0).max(20).default(5).describe("How often a failed request is retried, with exponential backoff"),
  })
  .superRefine((config, context) => {
    const problem = credentialsProblem(config);
    if (problem) context.addIssue({ code: "custom", path: [problem.path], message: problem.message });
  });

export type AzureArtifactStoreConfig = z.infer<typeof azureArtifactStoreConfig>;

interface CredentialFields {
  readonly connectionString?: string | undefined;
  readonly accountName?: string | undefined;
  readonly accountKey?: string | undefined;
  readonly sasToken?: string | undefined;
  readonly endpoint?: string | undefined;
}

/** One way to sign in, and only one: a connection string, or an account name with a key or a SAS token. */
function credentialsProblem(config: CredentialFields): { path: string; message: string } | undefined {
  if (config.connectionString !== undefined) {
    const extra = (["accountName", "accountKey", "sasToken", "endpoint"] as const).find((field) => config[field] !== undefined);
    return extra ? { path: extra, message: "give either a connection string or this field, not both (the connection string names the account)" } : undefined;
  }
  if (config.accountKey !== undefined && config.sasToken !== undefined) {
    return { path: "sasToken", message: "give an account key or a SAS token, not both" };
  }
  if (config.accountName === undefined) {
    return {
      path: config.accountKey !== undefined || config.sasToken !== undefined ? "accountName" : "connectionString",
      message:
        config.accountKey !== undefined || config.sasToken !== undefined
          ? "the account name is required with an account key or a SAS token"
          : "give a connection string, or an account name with an account key or a SAS token (koan secret create azure --schema azure ...)",
    };
  }
  if (config.accountKey === undefined && config.sasToken === undefined) {
    return { path: "accountKey", message: "give the account key or a SAS token with the account name" };
  }
  return undefined;
}

const FLAVOR_ID = "artifact_store/azure";

/** The `azure` artifact store flavor: artifacts in an Azure Blob Storage container. */
export const azureArtifactStore = defineFlavor({
  type: "artifact_store",
  name: "azure",
  description: "Stores artifacts in an Azure Blob Storage container (az://container/folder).",
  packageName: "@koan/azure",
  configSchema: azureArtifactStoreConfig,
  remote: true,
  async create(config) {
    const location = parseAzurePath(config.path);
    if (typeof location === "string") throw new InvalidConfigError(FLAVOR_ID, [{ path: "path", message: location }]);
    // Imported here, not at the top: listing flavors must not load the SDK.
    const { AzureArtifactStore } = await import("./azure-artifact-store.js");
    return AzureArtifactStore.connect({ location, credentials: credentialsOf(config), maxRetries: config.maxRetries });
  },
});

function credentialsOf(config: AzureArtifactStoreConfig): AzureCredentials {
  if (config.connectionString !== undefined) return { kind: "connection-string", connectionString: config.connectionString };
  // The schema's rules make these present; the checks keep the types honest.
  const accountName = config.accountName ?? "";
  const endpoint = config.endpoint ?? `https://${accountName}.blob.core.windows.net`;
  if (config.accountKey !== undefined) return { kind: "account-key", accountName, accountKey: config.accountKey, endpoint };
  return { kind: "sas-token", endpoint, sasToken: config.sasToken ?? "" };
}
