import { ArtifactNotFoundError, ArtifactStoreError } from "@koan/core";

/** Network failures that mean the endpoint could not be reached at all. */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH"]);

/** The HTTP status of a Cloud Storage error, when it has one. */
export function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

function networkCodeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && UNREACHABLE.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  const message = error instanceof Error ? error.message : "";
  return [...UNREACHABLE].find((code) => message.includes(code));
}

/** Whether a 404 is about the bucket rather than the object. */
function isMissingBucket(error: unknown): boolean {
  const message = error instanceof Error ? error.message : "";
  return /bucket/i.test(message) && /not (exist|found)/i.test(message);
}

/**
 * Turns what the Cloud Storage client threw into Koan's errors: a missing
 * object is `ArtifactNotFoundError`; a missing bucket, refused credentials,
 * a refused permission or an unreachable endpoint are `ArtifactStoreError`
 * naming the store, the kind of failure and what to do. Anything else (a body that failed, a checksum
 * mismatch) is passed on unchanged.
 */
export function translateGcsError(error: unknown, store: string, bucket: string, key?: string): unknown {
  if (error instanceof ArtifactNotFoundError || error instanceof ArtifactStoreError) return error;
  const status = statusOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (status === 404 && (key === undefined || isMissingBucket(error))) {
    return new ArtifactStoreError(store, "missing-bucket", `the bucket "${bucket}" does not exist; create it or fix the path`, { cause: error });
  }
  if (status === 404 && key !== undefined) return new ArtifactNotFoundError(store, key);
  if (status === 401) {
    return new ArtifactStoreError(store, "credentials", `Cloud Storage refused the credentials (401: ${detail}); check the service account key`, {
      cause: error,
    });
  }
  if (status === 403) {
    return new ArtifactStoreError(store, "permission", `Cloud Storage refused the request (403: ${detail}); check the service account's roles on bucket "${bucket}"`, {
      cause: error,
    });
  }
  if (status !== undefined && (status >= 500 || status === 429)) {
    return new ArtifactStoreError(store, "unreachable", `Cloud Storage kept answering ${status} (${detail}) through every retry; try again later`, {
      cause: error,
    });
  }
  if (/^Retry (limit|total time limit) exceeded/.test(detail)) {
    return new ArtifactStoreError(store, "unreachable", `an upload request failed and a streamed body cannot be sent again (${detail}); run the step again`, {
      cause: error,
    });
  }
  const network = networkCodeOf(error);
  if (network) {
    return new ArtifactStoreError(store, "unreachable", `could not reach the Cloud Storage endpoint (${network}); check the endpoint and the network`, {
      cause: error,
    });
  }
  return error;
}
