/**
 * An error the CLI itself raises: a message saying what went wrong and what
 * to do, and a code that picks the exit code (see exit-codes.ts). Errors from
 * core and integrations are recognised by their `code` alone, since they may
 * come from another copy of Koan's classes.
 */
export class CliError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "CliError";
    this.code = code;
  }
}

/** Bad arguments: exit code 2. */
export function usageError(message: string): CliError {
  return new CliError("USAGE", message);
}
