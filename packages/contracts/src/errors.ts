/**
 * Every error Koan raises on purpose is a `KoanError` with a stable `code`,
 * so callers branch on `error.code` rather than on message text. Messages say
 * what went wrong and what to do about it.
 */
export class KoanError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A config object failed its flavor's schema. `path` names the failing field. */
export class InvalidConfigError extends KoanError {
  constructor(
    readonly flavor: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }>,
  ) {
    const first = issues[0];
    const where = first ? `${first.path || "(root)"}: ${first.message}` : "invalid config";
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super("INVALID_CONFIG", `Invalid config for flavor "${flavor}" at ${where}${more}`);
  }
}

/** No flavor of that name is registered for that component type. */
export class UnknownFlavorError extends KoanError {
  constructor(
    readonly componentType: string,
    readonly flavor: string,
    readonly known: readonly string[],
  ) {
    super(
      "UNKNOWN_FLAVOR",
      `Unknown ${componentType} flavor "${flavor}". Known flavors: ${known.length ? known.join(", ") : "none"}. ` +
        `Install the integration that provides it, or register it with registerFlavor().`,
    );
  }
}

/** The string is not one of the twelve component types. */
export class UnknownComponentTypeError extends KoanError {
  constructor(readonly componentType: string, known: readonly string[]) {
    super("UNKNOWN_COMPONENT_TYPE", `Unknown component type "${componentType}". Known types: ${known.join(", ")}.`);
  }
}

/** A stack breaks a rule: a missing required component, or a flavor's own rule. */
export class StackValidationError extends KoanError {
  constructor(readonly stackName: string, readonly problems: readonly string[]) {
    super("INVALID_STACK", `Stack "${stackName}" is not valid: ${problems.join("; ")}`);
  }
}

/** A pipeline could not be compiled: a cycle, a missing producer, a duplicate step. */
export class PipelineCompileError extends KoanError {
  constructor(readonly pipeline: string, message: string, readonly steps: readonly string[]) {
    super("PIPELINE_COMPILE", `Pipeline "${pipeline}": ${message}`);
  }
}

/** Step params failed the step's zod schema. */
export class InvalidParamsError extends KoanError {
  constructor(
    readonly step: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }>,
  ) {
    const list = issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ");
    super("INVALID_PARAMS", `Invalid params for step "${step}": ${list}`);
  }
}

/** An artifact store has no object under that key. */
export class ArtifactNotFoundError extends KoanError {
  constructor(readonly store: string, readonly key: string) {
    super("ARTIFACT_NOT_FOUND", `No object "${key}" in artifact store ${store}`);
  }
}

/** A key is malformed or points outside the store's root. */
export class InvalidArtifactKeyError extends KoanError {
  constructor(readonly key: string, reason: string) {
    super("INVALID_ARTIFACT_KEY", `Artifact key "${key}" is refused: ${reason}`);
  }
}

/** No materializer can save or load the value. */
export class MaterializerError extends KoanError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("MATERIALIZER", message, options);
  }
}

/** A record (run, step, artifact, stack, component, pipeline) does not exist. */
export class NotFoundError extends KoanError {
  constructor(readonly kind: string, readonly ref: string, hint?: string) {
    super("NOT_FOUND", `No ${kind} "${ref}"${hint ? `. ${hint}` : ""}`);
  }
}

/** A record with that name exists already. */
export class AlreadyExistsError extends KoanError {
  constructor(readonly kind: string, readonly ref: string, hint?: string) {
    super("ALREADY_EXISTS", `${/^[aeiou]/i.test(kind) ? "An" : "A"} ${kind} named "${ref}" already exists${hint ? `. ${hint}` : ""}`);
  }
}

/** A pipeline run ended with failed steps. */
export class PipelineRunFailedError extends KoanError {
  constructor(
    readonly pipeline: string,
    readonly runId: string,
    readonly failedSteps: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      "RUN_FAILED",
      `Pipeline "${pipeline}" run ${runId} failed in step${failedSteps.length === 1 ? "" : "s"} ${failedSteps.join(", ")}` +
        (options?.cause instanceof Error ? `: ${options.cause.message}` : ""),
      options,
    );
  }
}

/** The component does not offer this operation (an email alerter cannot `ask`). */
export class NotSupportedError extends KoanError {
  constructor(readonly component: string, readonly operation: string, hint?: string) {
    super("NOT_SUPPORTED", `${component} does not support ${operation}${hint ? `. ${hint}` : ""}`);
  }
}

/** Why a remote artifact store could not do what was asked. */
export type ArtifactStoreFailure =
  /** The bucket or container does not exist. */
  | "missing-bucket"
  /** The service refused the credentials (unknown key, bad signature, expired token) or found none. */
  | "credentials"
  /** The credentials are valid but not allowed to do this. */
  | "permission"
  /** The service could not be reached or kept failing (connection refused, timeouts, 5xx after retries). */
  | "unreachable"
  /** Anything else the service answered. */
  | "service";

/**
 * A remote artifact store (S3, GCS, Azure Blob, ...) failed for a reason
 * other than a missing key. Names the store (its identity, e.g.
 * `s3://bucket/prefix`) and the cause; `failure` lets callers branch without
 * reading the message. Never carries credentials.
 */
export class ArtifactStoreError extends KoanError {
  constructor(
    readonly store: string,
    readonly failure: ArtifactStoreFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super("ARTIFACT_STORE", `Artifact store ${store}: ${message}`, options);
  }
}
