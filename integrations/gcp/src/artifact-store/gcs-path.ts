import { assertValidKey } from "@koan/core";

/** Where a GCS artifact store keeps its objects: a bucket and a folder in it. */
export interface GcsLocation {
  readonly bucket: string;
  /** The folder in the bucket, `""` or ending with `/`; every key is stored under it. */
  readonly prefix: string;
}

/** Bucket names: 3 to 63 of lower-case letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;

/**
 * Reads `gs://bucket` or `gs://bucket/folder/in/it` (a trailing `/` is
 * optional). Returns the problem as a string instead of throwing, so the
 * config schema can report it on the `path` field.
 */
export function parseGcsPath(path: string): GcsLocation | string {
  const match = /^gs:\/\/([^/]*)(?:\/(.*))?$/.exec(path);
  if (!match) return `"${path}" is not a gs:// path; write gs://BUCKET or gs://BUCKET/FOLDER`;
  const bucket = match[1] ?? "";
  if (!BUCKET_NAME.test(bucket)) {
    return `"${bucket}" is not a bucket name (3 to 63 lower-case letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`;
  }
  const folder = (match[2] ?? "").replace(/\/$/, "");
  if (folder === "") return { bucket, prefix: "" };
  try {
    assertValidKey(folder);
  } catch (error) {
    return `the folder "${folder}" of ${path} is not valid: ${(error as Error).message}`;
  }
  return { bucket, prefix: `${folder}/` };
}

/** `gs://bucket/prefix` (no trailing slash), the form people write. */
export function formatGcsLocation(location: GcsLocation): string {
  return `gs://${location.bucket}${location.prefix ? `/${location.prefix.slice(0, -1)}` : ""}`;
}
