export { s3ArtifactStore, s3ArtifactStoreConfig } from "./flavor.js";
export type { S3ArtifactStoreConfig } from "./flavor.js";
export { S3ArtifactStore } from "./s3-artifact-store.js";
