import { ArtifactStoreError } from "@koan/core";
import type { ArtifactStoreFailure } from "@koan/core";

/** What the AWS SDK puts on the errors it throws (service errors and its own). */
interface SdkErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $fault?: "client" | "server";
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

const CREDENTIAL_ERRORS = new Set([
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "InvalidToken",
  "ExpiredToken",
  "TokenRefreshRequired",
  "CredentialsProviderError",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
]);

/** Node's socket errors and the SDK's timeouts: the service was not reached, or stopped answering. */
const NETWORK_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "TimeoutError",
  "RequestTimeout",
  "UND_ERR_SOCKET",
]);

/** Where the failure happened, for the message: `reading "key"`, `listing "prefix"`. */
export interface S3FailureContext {
  readonly store: string;
  readonly bucket: string;
  readonly action: string;
  /** Where requests go, named when the service cannot be reached. */
  readonly endpoint: string;
}

/**
 * Turns an error from the AWS SDK into an `ArtifactStoreError` that names the
 * store, what it was doing, the cause and what to do about it. The SDK's
 * messages never hold credentials, and neither do these.
 */
export function toArtifactStoreError(error: unknown, context: S3FailureContext): ArtifactStoreError {
  const shape = (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;
  const name = shape.name ?? "Error";
  const code = shape.code ?? name;
  const status = shape.$metadata?.httpStatusCode;
  const attempts = shape.$metadata?.attempts;
  const cause = `${name}${shape.message && shape.message !== name ? `: ${shape.message}` : ""}`;
  const after = attempts && attempts > 1 ? ` after ${attempts} attempts` : "";
  const fail = (failure: ArtifactStoreFailure, message: string) =>
    new ArtifactStoreError(context.store, failure, `${context.action} failed: ${message}`, { cause: error });

  if (name === "NoSuchBucket") return missingBucketError(error, context);
  if (CREDENTIAL_ERRORS.has(name) || CREDENTIAL_ERRORS.has(code)) {
    return fail(
      "credentials",
      `the credentials were refused or not found (${cause}). Check the store's accessKeyId and secretAccessKey ` +
        `(or the secret they refer to), or the SDK's default credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, ~/.aws).`,
    );
  }
  if (name === "AccessDenied" || name === "AllAccessDisabled" || status === 403) {
    return fail("permission", `access denied to bucket "${context.bucket}" (${cause}). Grant these credentials the s3 permissions the store needs.`);
  }
  if (NETWORK_ERRORS.has(code) || NETWORK_ERRORS.has(name) || shape.$fault === "server" || (status !== undefined && status >= 500)) {
    return fail("unreachable", `the service at ${context.endpoint} did not answer${after} (${cause}). Check the endpoint, the network, or try again later.`);
  }
  if (name === "AbortError") {
    return fail("service", `the request was aborted (${cause})`);
  }
  return fail("service", `${cause}${status ? ` (HTTP ${status})` : ""}`);
}

/** The bucket is not there (a coded NoSuchBucket, or a bare 404 from HEAD bucket). */
export function missingBucketError(error: unknown, context: S3FailureContext): ArtifactStoreError {
  const shape = (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;
  return new ArtifactStoreError(
    context.store,
    "missing-bucket",
    `${context.action} failed: bucket "${context.bucket}" does not exist (${shape.name ?? "Error"}). Create it, or fix the store's path.`,
    { cause: error },
  );
}

/**
 * A HEAD request's answer has no body, so a refusal comes without its code
 * (the SDK names it "Unknown" or "Forbidden", not InvalidAccessKeyId or AccessDenied).
 */
export function isBareForbidden(error: unknown): boolean {
  const shape = (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;
  return shape.$metadata?.httpStatusCode === 403 && (shape.name === "Forbidden" || shape.name === "Unknown" || shape.name === "403");
}

/** True for an SDK error that says the key (or, for HEAD, possibly the bucket) is not there. */
export function isNotFound(error: unknown): boolean {
  const shape = (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;
  return shape.name === "NoSuchKey" || shape.name === "NotFound" || (shape.name !== "NoSuchBucket" && shape.$metadata?.httpStatusCode === 404);
}

/** True for an error that trying again may cure: a broken connection or a server fault. */
export function isTransient(error: unknown): boolean {
  const shape = (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  return (
    NETWORK_ERRORS.has(shape.code ?? "") ||
    NETWORK_ERRORS.has(shape.name ?? "") ||
    shape.name === "SlowDown" ||
    shape.$fault === "server" ||
    (status !== undefined && (status >= 500 || status === 429)) ||
    // A body that ends before its Content-Length: the connection dropped mid-stream.
    shape.code === "ERR_STREAM_PREMATURE_CLOSE" ||
    (shape.name === "AbortError" && shape.code === "ECONNRESET")
  );
}
