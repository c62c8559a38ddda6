export { azureArtifactStore, azureArtifactStoreConfig } from "./flavor.js";
export type { AzureArtifactStoreConfig } from "./flavor.js";
export { AzureArtifactStore } from "./azure-artifact-store.js";
export type { AzureArtifactStoreOptions } from "./azure-artifact-store.js";
export type { AzureCredentials } from "./azure-credentials.js";
export { formatAzureLocation, parseAzurePath } from "./azure-path.js";
export type { AzureLocation } from "./azure-path.js";
