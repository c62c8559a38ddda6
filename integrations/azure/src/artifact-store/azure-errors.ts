import { ArtifactNotFoundError, ArtifactStoreError } from "@koan/core";

/** Network failures that mean the endpoint could not be reached at all. */
const UNREACHABLE = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH"];
/** Error codes of the Blob service that mean the credentials were refused. */
const REFUSED = new Set(["AuthenticationFailed", "InvalidAuthenticationInfo", "NoAuthenticationInformation"]);
/** Error codes of the Blob service that mean valid credentials may not do this. */
const NOT_ALLOWED = new Set(["AuthorizationFailure", "AuthorizationPermissionMismatch", "AuthorizationResourceTypeMismatch", "AuthorizationSourceIPMismatch"]);

interface RestErrorLike {
  readonly statusCode?: number;
  readonly code?: string;
  readonly details?: { readonly errorCode?: string };
}

/** The Blob service's error code (`BlobNotFound`, `ContainerNotFound`, ...) or the network's (`ECONNREFUSED`). */
export function errorCodeOf(error: unknown): string | undefined {
  const rest = (error ?? {}) as RestErrorLike;
  return rest.details?.errorCode ?? rest.code;
}

export function statusOf(error: unknown): number | undefined {
  const status = ((error ?? {}) as RestErrorLike).statusCode;
  return typeof status === "number" ? status : undefined;
}

function networkCodeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && UNREACHABLE.includes(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  const message = error instanceof Error ? error.message : "";
  return UNREACHABLE.find((code) => message.includes(code));
}

/**
 * Turns what the Blob service client threw into Koan's errors: a missing
 * blob is `ArtifactNotFoundError`; a missing container, refused credentials,
 * a refused permission, an unreachable endpoint or a service that kept
 * failing through the retries are `ArtifactStoreError` naming the store, the
 * kind of failure and what to do. Anything else (a body that failed) is passed on unchanged.
 */
export function translateAzureError(error: unknown, store: string, container: string, key?: string): unknown {
  if (error instanceof ArtifactNotFoundError || error instanceof ArtifactStoreError) return error;
  const status = statusOf(error);
  const code = errorCodeOf(error);
  if (code === "ContainerNotFound" || (status === 404 && key === undefined)) {
    return new ArtifactStoreError(store, "missing-bucket", `the container "${container}" does not exist; create it or fix the path`, { cause: error });
  }
  if (status === 404 && key !== undefined) return new ArtifactNotFoundError(store, key);
  if (code !== undefined && NOT_ALLOWED.has(code)) {
    return new ArtifactStoreError(
      store,
      "permission",
      `the Blob service refused the request (${status ?? "-"} ${code}); check what the SAS token or the account's role allows on container "${container}"`,
      { cause: error },
    );
  }
  if (status === 401 || status === 403 || (code !== undefined && REFUSED.has(code))) {
    return new ArtifactStoreError(
      store,
      "credentials",
      `the Blob service refused the credentials (${status ?? "-"} ${code ?? ""}); check the account key, connection string or SAS token`,
      { cause: error },
    );
  }
  if (status !== undefined && (status >= 500 || status === 429)) {
    return new ArtifactStoreError(store, "unreachable", `the Blob service kept answering ${status} (${code ?? "no code"}) through every retry; try again later`, {
      cause: error,
    });
  }
  const network = networkCodeOf(error);
  if (network) {
    return new ArtifactStoreError(store, "unreachable", `could not reach the Blob service endpoint (${network}); check the endpoint and the network`, {
      cause: error,
    });
  }
  return error;
}
