export { gcsArtifactStore, gcsArtifactStoreConfig } from "./flavor.js";
export type { GcsArtifactStoreConfig } from "./flavor.js";
export { GcsArtifactStore } from "./gcs-artifact-store.js";
export type { GcsArtifactStoreOptions } from "./gcs-artifact-store.js";
export { formatGcsLocation, parseGcsPath } from "./gcs-path.js";
export type { GcsLocation } from "./gcs-path.js";
