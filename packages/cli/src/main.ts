import { runCleanups } from "./cleanup.js";
import { runCommandLine } from "./command-line/run.js";
import { EXIT } from "./exit-codes.js";
import { buildProgram } from "./program.js";
import { reportError } from "./output/report-error.js";

/** Runs one `koan` command line and sets the process's exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  let code: number = EXIT.OK;
  try {
    // Usage errors and help are printed by the command line's runner; errors of the commands, here.
    code = await runCommandLine(buildProgram(), argv);
  } catch (error) {
    code = reportError(error);
  } finally {
    await runCleanups();
  }
  if (code !== EXIT.OK || process.exitCode === undefined) process.exitCode = code;
}
