import { EXIT } from "../exit-codes.js";
import { stderr, stdout } from "../output/standard-streams.js";
import { CommandLineError } from "./command-line-error.js";
import { renderHelp } from "./help.js";
import { parseCommandLine } from "./parse.js";
import type { Program } from "./spec.js";

/** Where help and errors go; the process's streams unless a test gives its own. */
export interface Output {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processOutput: Output = { out: (text) => stdout.write(text), err: (text) => stderr.write(text) };

/**
 * Runs one command line: prints the help or version it asks for, or a usage
 * error (exit code 2), or runs its command's action. Errors the action throws
 * are the caller's to report.
 */
export async function runCommandLine(program: Program, argv: readonly string[], output: Output = processOutput): Promise<number> {
  let line;
  try {
    line = parseCommandLine(program, argv);
  } catch (error) {
    if (!(error instanceof CommandLineError)) throw error;
    const suggestion = error.suggestion ? `(Did you mean ${error.suggestion}?)\n` : "";
    output.err(`error: ${error.message}\n${suggestion}(add --help for usage and examples)\n`);
    return EXIT.USAGE;
  }
  switch (line.kind) {
    case "version":
      output.out(`${program.version}\n`);
      return EXIT.OK;
    case "help": {
      const text = renderHelp(line.command, line.path, { root: line.command === program.root });
      (line.asked ? output.out : output.err)(text);
      return line.asked ? EXIT.OK : EXIT.USAGE;
    }
    case "run":
      program.before?.(line.globals);
      await line.command.run?.(line.input);
      return EXIT.OK;
  }
}
