import { defineFlavor, InvalidConfigError, z } from "@koan/core";
import { parseGcsPath } from "./gcs-path.js";

/** The config users give on the command line (`--path gs://bucket/folder`) or in code. */
export const gcsArtifactStoreConfig = z.object({
  path: z
    .string()
    .superRefine((path, context) => {
      const parsed = parseGcsPath(path);
      if (typeof parsed === "string") context.addIssue({ code: "custom", message: parsed });
    })
    .describe("gs://BUCKET or gs://BUCKET/FOLDER: the bucket (which must exist) and the folder in it that holds the artifacts"),
  credentials: z
    .string()
    .min(1)
    .optional()
    .describe(
      "A service account key, the JSON file's content: use a secret reference such as {{gcp.GOOGLE_APPLICATION_CREDENTIALS_JSON}}. Without it, application default credentials",
    ),
  projectId: z.string().min(1).optional().describe("The Google Cloud project; by default the one of the credentials"),
  endpoint: z.url().optional().describe("The Cloud Storage API endpoint, for an emulator such as fake-gcs-server (e.g. http://127.0.0.1:4443)"),
  maxRetries: z.number().int().min(0).max(20).default(5).describe("How often a failed request is retried, with exponential backoff"),
});

export type GcsArtifactStoreConfig = z.infer<typeof gcsArtifactStoreConfig>;

const FLAVOR_ID = "artifact_store/gcs";

/** The `gcs` artifact store flavor: artifacts in a Google Cloud Storage bucket. */
export const gcsArtifactStore = defineFlavor({
  type: "artifact_store",
  name: "gcs",
  description: "Stores artifacts in a Google Cloud Storage bucket (gs://bucket/folder).",
  packageName: "@koan/gcp",
  configSchema: gcsArtifactStoreConfig,
  remote: true,
  async create(config) {
    const location = parseGcsPath(config.path);
    if (typeof location === "string") throw new InvalidConfigError(FLAVOR_ID, [{ path: "path", message: location }]);
    const credentials = config.credentials === undefined ? undefined : parseServiceAccountKey(config.credentials);
    // Imported here, not at the top: listing flavors must not load the SDK.
    const { GcsArtifactStore } = await import("./gcs-artifact-store.js");
    return GcsArtifactStore.connect({
      location,
      ...(credentials ? { credentials } : {}),
      ...(config.projectId ? { projectId: config.projectId } : {}),
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      maxRetries: config.maxRetries,
    });
  },
});

/** A service account key as the client takes it. The message never repeats the value: it is a secret. */
function parseServiceAccountKey(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidConfigError(FLAVOR_ID, [
      {
        path: "credentials",
        message: `is not JSON; give the content of a service account key file (koan secret create gcp --schema gcp --GOOGLE_APPLICATION_CREDENTIALS_JSON="$(cat key.json)")`,
      },
    ]);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed) || !("client_email" in parsed)) {
    throw new InvalidConfigError(FLAVOR_ID, [{ path: "credentials", message: "is JSON but not a service account key (it has no client_email)" }]);
  }
  return parsed as Record<string, unknown>;
}
