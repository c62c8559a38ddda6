/**
 * The exit codes of `koan`, documented in the README. Koan errors carry a
 * stable `code`; this maps each to the exit code scripts can branch on.
 */
export const EXIT = {
  OK: 0,
  /** Anything not listed below, including bugs. */
  FAILURE: 1,
  /** Bad usage: unknown command or option, missing argument. */
  USAGE: 2,
  /** A named thing does not exist: stack, component, run, artifact, secret, file. */
  NOT_FOUND: 3,
  /** Invalid input: a flavor config, a stack that breaks a rule, a secret that breaks its schema. */
  INVALID: 4,
  /** A conflict: the name is taken, the component is in use, the stack is active. */
  CONFLICT: 5,
  /** No Koan repository here (run `koan init`), or it cannot be opened. */
  NO_REPOSITORY: 6,
  /** A pipeline run failed, or the runner script threw. */
  RUN_FAILED: 7,
  /** Secrets: a reference that does not resolve, a missing or wrong key. */
  SECRETS: 8,
  /** A tool koan ran (the package manager) failed. */
  EXTERNAL: 9,
  /** Interrupted (Ctrl-C). */
  INTERRUPTED: 130,
} as const;

const BY_CODE: Readonly<Record<string, number>> = {
  NOT_FOUND: EXIT.NOT_FOUND,
  UNKNOWN_STEP: EXIT.NOT_FOUND,
  UNKNOWN_OUTPUT: EXIT.NOT_FOUND,
  ARTIFACT_NOT_FOUND: EXIT.NOT_FOUND,
  INVALID_CONFIG: EXIT.INVALID,
  UNKNOWN_FLAVOR: EXIT.INVALID,
  UNKNOWN_COMPONENT_TYPE: EXIT.INVALID,
  INVALID_STACK: EXIT.INVALID,
  INVALID_PARAMS: EXIT.INVALID,
  INVALID_SECRET: EXIT.INVALID,
  UNKNOWN_SECRET_SCHEMA: EXIT.INVALID,
  PIPELINE_COMPILE: EXIT.INVALID,
  NO_FLAVORS: EXIT.INVALID,
  FLAVOR_MODULE: EXIT.INVALID,
  BAD_FLAVORS_FILE: EXIT.INVALID,
  INVALID_ARGUMENT: EXIT.INVALID,
  INVALID_INPUT: EXIT.INVALID,
  UNKNOWN_INTEGRATION: EXIT.INVALID,
  INVALID_INTEGRATION_NAME: EXIT.INVALID,
  INVALID_TARGET: EXIT.INVALID,
  TARGET_EXISTS: EXIT.CONFLICT,
  TEMPLATE_NOT_FOUND: EXIT.FAILURE,
  ALREADY_EXISTS: EXIT.CONFLICT,
  IN_USE: EXIT.CONFLICT,
  FLAVOR_EXISTS: EXIT.CONFLICT,
  ACTIVE_STACK: EXIT.CONFLICT,
  DEFAULT_STACK: EXIT.CONFLICT,
  FILE_EXISTS: EXIT.CONFLICT,
  NO_REPOSITORY: EXIT.NO_REPOSITORY,
  NO_REPOSITORY_CONFIG: EXIT.NO_REPOSITORY,
  BAD_REPOSITORY_CONFIG: EXIT.NO_REPOSITORY,
  STORE_TOO_NEW: EXIT.NO_REPOSITORY,
  UNSUPPORTED_STORE: EXIT.NO_REPOSITORY,
  SQLITE_DRIVER: EXIT.NO_REPOSITORY,
  RUN_FAILED: EXIT.RUN_FAILED,
  SCRIPT_FAILED: EXIT.RUN_FAILED,
  SECRET_REFERENCE: EXIT.SECRETS,
  SECRETS_KEY: EXIT.SECRETS,
  SECRETS_FILE: EXIT.SECRETS,
  USAGE: EXIT.USAGE,
  EXTERNAL: EXIT.EXTERNAL,
};

/** The exit code for an error's `code` (1 for unknown codes). */
export function exitCodeFor(code: unknown): number {
  return typeof code === "string" ? (BY_CODE[code] ?? EXIT.FAILURE) : EXIT.FAILURE;
}
