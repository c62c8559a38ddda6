import { AlreadyExistsError, KoanError, NotFoundError } from "@koan/core";

/** What a request was about, so errors can name it: `MLflow run "abc"`. */
export interface Subject {
  readonly kind: string;
  readonly ref: string;
}

/**
 * An MLflow error without a closer Koan error: `code` is `MLFLOW_` and
 * MLflow's own `error_code` (`MLFLOW_INVALID_PARAMETER_VALUE`,
 * `MLFLOW_PERMISSION_DENIED`, `MLFLOW_HTTP_502`), `errorCode` that code alone.
 */
export class MlflowApiError extends KoanError {
  constructor(
    readonly errorCode: string,
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`MLFLOW_${errorCode}`, message, options);
  }
}

/** The tracking server could not be reached at all (after the retries). */
export class MlflowUnreachableError extends KoanError {
  constructor(readonly trackingUri: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : "";
    super("MLFLOW_UNREACHABLE", `The MLflow tracking server at ${trackingUri} did not answer${reason}. Start it, or fix the tracking URI.`, options);
  }
}

/**
 * Turns an MLflow error reply into Koan's typed errors: a missing resource
 * is a `NotFoundError`, a duplicate an `AlreadyExistsError`, anything else an
 * `MlflowApiError` carrying MLflow's code and message.
 */
export function mlflowError(status: number, body: unknown, subject: Subject | undefined, endpoint: string): KoanError {
  const reply = typeof body === "object" && body !== null ? (body as { error_code?: unknown; message?: unknown }) : {};
  const errorCode = typeof reply.error_code === "string" ? reply.error_code : `HTTP_${status}`;
  const message = typeof reply.message === "string" ? reply.message : typeof body === "string" ? body.slice(0, 500) : "";
  if (errorCode === "RESOURCE_DOES_NOT_EXIST" || (status === 404 && subject && errorCode === `HTTP_404`)) {
    if (subject) return new NotFoundError(subject.kind, subject.ref, message || undefined);
  }
  if (errorCode === "RESOURCE_ALREADY_EXISTS" && subject) return new AlreadyExistsError(subject.kind, subject.ref, message || undefined);
  const hint = HINTS[errorCode] ?? "";
  return new MlflowApiError(errorCode, status, `MLflow refused ${endpoint} (${errorCode}${status ? `, HTTP ${status}` : ""})${message ? `: ${message}` : ""}${hint}`);
}

const HINTS: Readonly<Record<string, string>> = {
  UNAUTHENTICATED: ". Give the component a username and password or a token (as secret references).",
  PERMISSION_DENIED: ". The credentials lack a permission on this resource; ask the server's admin.",
  INVALID_PARAMETER_VALUE: ". Check the value against MLflow's limits (names, lengths, types).",
};
