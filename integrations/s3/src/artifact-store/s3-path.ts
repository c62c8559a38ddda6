import { assertValidKey } from "@koan/core";

/** Where a store's objects live: a bucket and a key prefix inside it ("" or ending in `/`). */
export interface S3Location {
  readonly bucket: string;
  readonly prefix: string;
}

/** S3's bucket naming rules: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Parses `s3://bucket` or `s3://bucket/some/prefix` (a trailing `/` is
 * optional). Returns a message instead of throwing, so the config schema can
 * report it on the `path` field.
 */
export function parseS3Path(path: string): S3Location | string {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(path);
  if (!match) return `expected s3://bucket or s3://bucket/prefix, got "${path}"`;
  const bucket = match[1] ?? "";
  if (!BUCKET_NAME.test(bucket) || bucket.includes("..")) {
    return `"${bucket}" is not a valid bucket name (3 to 63 lower-case letters, digits, dots and hyphens)`;
  }
  const rest = match[2] ?? "";
  const prefix = rest === "" || rest.endsWith("/") ? rest : `${rest}/`;
  try {
    assertValidKey(prefix, { prefix: true });
  } catch (error) {
    return `the prefix "${rest}" is refused: ${(error as Error).message}`;
  }
  return { bucket, prefix };
}
