import { CommanderError } from "commander";
import { runCleanups } from "./cleanup.js";
import { EXIT } from "./exit-codes.js";
import { buildProgram } from "./program.js";
import { reportError } from "./output/report-error.js";

/** Runs one `koan` command line and sets the process's exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram(argv);
  let code: number = EXIT.OK;
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander printed the message (or the help) already.
      code = error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    } else {
      code = reportError(error);
    }
  } finally {
    await runCleanups();
  }
  if (code !== EXIT.OK || process.exitCode === undefined) process.exitCode = code;
}
