import { CliError } from "../cli-error.js";
import { EXIT, exitCodeFor } from "../exit-codes.js";
import { colours } from "./colour.js";
import { stderr } from "./standard-streams.js";

/**
 * Prints an error the way every command does and returns the exit code.
 * Koan errors (recognised by their `code`) print their message, which says
 * what to do; anything else is a bug and says how to see the stack trace.
 */
export function reportError(error: unknown, options: { readonly userCode?: boolean } = {}): number {
  const c = colours(stderr);
  const code = (error as { code?: unknown } | null)?.code;
  // Koan's errors carry codes like NOT_FOUND; Node's system errors (ENOENT) are the environment's. Both are
  // expected. Errors without a code, or with Node's internal ERR_ codes, are programming errors.
  const isKoan = error instanceof CliError || (error instanceof Error && typeof code === "string" && !code.startsWith("ERR_"));
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`${c.red(c.bold("Error:"))} ${message}\n`);
  if (process.env.KOAN_DEBUG && error instanceof Error && error.stack) {
    stderr.write(`${c.dim(error.stack)}\n`);
  } else if (!isKoan && options.userCode && error instanceof Error && error.stack) {
    // The runner script's own error: its stack trace is what its author needs.
    stderr.write(`${c.dim(error.stack)}\n`);
  } else if (!isKoan) {
    stderr.write(c.dim("This looks like a bug in koan. Set KOAN_DEBUG=1 to see the stack trace, and report it.\n"));
  }
  return isKoan ? exitCodeFor(code) : EXIT.FAILURE;
}
