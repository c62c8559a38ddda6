import { splitOptionWord } from "./flags.js";

/**
 * A command line that does not fit its command: an unknown command or
 * option, a missing argument or option value. Printed with a hint to add
 * --help, exit code 2.
 */
export class CommandLineError extends Error {
  /** The close known word, for "(Did you mean ...?)". */
  readonly suggestion: string | undefined;
  constructor(message: string, suggestion?: string) {
    super(message);
    this.name = "CommandLineError";
    this.suggestion = suggestion;
  }
}

/**
 * An unknown option as errors show it: never its value, which may be a
 * secret (`--password=hunter2` is shown as `--password=…`, `-phunter2` as `-p…`).
 */
export function withoutValue(word: string): string {
  const { name, inline } = splitOptionWord(word);
  if (inline === undefined) return word;
  return word.startsWith("--") ? `${name}=…` : `${name}…`;
}
