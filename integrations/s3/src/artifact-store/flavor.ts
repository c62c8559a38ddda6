import { defineFlavor, z } from "@koan/core";
import { parseS3Path } from "./s3-path.js";

const optionalSecret = (what: string, reference: string) =>
  z.string().min(1).optional().describe(`${what}; give a secret reference such as ${reference}, not the value`);

/**
 * The config users give on the command line (`--path s3://bucket/prefix
 * --endpoint http://...`) or in code. Credentials are optional: without them
 * the AWS SDK's default chain applies (environment, shared config files,
 * SSO, instance and container roles).
 */
export const s3ArtifactStoreConfig = z
  .object({
    path: z
      .string()
      .superRefine((value, context) => {
        const parsed = parseS3Path(value);
        if (typeof parsed === "string") context.addIssue({ code: "custom", message: parsed });
      })
      .describe("Where artifacts go: s3://bucket or s3://bucket/prefix"),
    region: z
      .string()
      .min(1)
      .optional()
      .describe("The bucket's region, e.g. eu-west-1; defaults to the SDK's (AWS_REGION, ~/.aws/config), else us-east-1"),
    endpoint: z
      .url()
      .optional()
      .describe("The URL of an S3-compatible service (MinIO, Ceph, R2, a local emulator) instead of AWS"),
    forcePathStyle: z
      .boolean()
      .default(false)
      .describe("Address buckets as endpoint/bucket/key instead of bucket.endpoint/key; most S3-compatible services need it"),
    accessKeyId: optionalSecret("Access key id", "{{aws.AWS_ACCESS_KEY_ID}}"),
    secretAccessKey: optionalSecret("Secret access key", "{{aws.AWS_SECRET_ACCESS_KEY}}"),
    sessionToken: optionalSecret("Session token of temporary credentials", "{{aws.AWS_SESSION_TOKEN}}"),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(5)
      .describe("How many times a request is tried before a transient failure (timeout, 5xx, throttling, reset connection) is reported"),
    partSizeMiB: z
      .number()
      .int()
      .min(5)
      .max(512)
      .default(5)
      .describe("Size of each part of a multipart upload in MiB (at most 10,000 parts: 5 MiB allows objects up to 48 GiB; raise it for larger ones)"),
    uploadConcurrency: z
      .number()
      .int()
      .min(1)
      .max(16)
      .default(3)
      .describe("Parts uploaded at once; an upload holds at most about (this + 3) × partSizeMiB of memory"),
  })
  .superRefine((config, context) => {
    if ((config.accessKeyId === undefined) !== (config.secretAccessKey === undefined)) {
      const missing = config.accessKeyId === undefined ? "accessKeyId" : "secretAccessKey";
      context.addIssue({
        code: "custom",
        path: [missing],
        message: "give accessKeyId and secretAccessKey together, or neither to use the SDK's default credentials",
      });
    }
    if (config.sessionToken !== undefined && config.accessKeyId === undefined) {
      context.addIssue({ code: "custom", path: ["sessionToken"], message: "a session token needs accessKeyId and secretAccessKey" });
    }
  });

export type S3ArtifactStoreConfig = z.infer<typeof s3ArtifactStoreConfig>;

/** The `s3` artifact store flavor: artifacts as objects in an S3 (or S3-compatible) bucket. */
export const s3ArtifactStore = defineFlavor({
  type: "artifact_store",
  name: "s3",
  description: "Stores artifacts in an S3 bucket, or in any S3-compatible object store.",
  packageName: "@koan/s3",
  configSchema: s3ArtifactStoreConfig,
  remote: true,
  async create(config) {
    // Imported here, not at the top: listing flavors must not load the AWS SDK.
    const { S3ArtifactStore } = await import("./s3-artifact-store.js");
    return new S3ArtifactStore(config);
  },
});
