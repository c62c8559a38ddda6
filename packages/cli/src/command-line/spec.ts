import type { ArgumentsOf, OptionsOf } from "./infer.js";

/**
 * A positional argument: `<name>` is required, `[name]` optional, and
 * `<names...>` / `[args...]` take every word left (the last argument only).
 */
export interface ArgumentSpec {
  readonly name: `<${string}>` | `[${string}]`;
  readonly description: string;
}

/**
 * An option, written as in its help: `--json` (a flag), `--limit <n>` (takes
 * a value, as `--limit 5` or `--limit=5`), `-o, --orchestrator <name>` (with
 * a one-letter alias), `--remove <type...>` (takes the words up to the next
 * option), `--no-color` (sets `color` to false; true otherwise).
 */
export interface OptionSpec {
  readonly flags: string;
  readonly description: string;
  /** The value when the option is not given; shown in the help. */
  readonly default?: string;
  /** A usage error when the option is not given. */
  readonly required?: boolean;
  /** The only values allowed; shown in the help. */
  readonly choices?: readonly string[];
}

/** What the parser found for a command: its arguments, options and, for pass-through commands, the words it left alone. */
export interface ParsedInput {
  readonly args: Readonly<Record<string, string | string[] | undefined>>;
  readonly options: Readonly<Record<string, string | string[] | boolean | undefined>>;
  readonly rest: readonly string[];
}

/** The fields every command has, with or without an action. */
interface CommandFields<Arguments extends readonly ArgumentSpec[], Options extends readonly OptionSpec[]> {
  readonly name: string;
  readonly description: string;
  /** The heading it is listed under in its parent's help (default: "Commands:"). */
  readonly group?: string;
  /** Replaces the generated `[options] <name>` part of its usage line. */
  readonly usage?: string;
  readonly arguments?: Arguments;
  readonly options?: Options;
  /** Command lines shown under "Examples:" in its help. */
  readonly examples?: readonly string[];
  /** More text at the end of its help. */
  readonly help?: string;
  /**
   * Words it does not declare (`--key value` config, `--KEY=VALUE` secret
   * values, positional words) are not errors: they reach the action as
   * `rest`, in the order given, after `--` included.
   */
  readonly passThrough?: boolean;
  /**
   * Options are read only before the first argument: every word after it is
   * an argument as given, options and `--` included (for commands that start
   * another program with them, like `koan run FILE ...`). A `--` right after
   * the first argument only separates: `koan run train.ts -- --epochs 3`
   * passes `--epochs 3`, as `koan run train.ts --epochs 3` does.
   */
  readonly optionsBeforeArguments?: boolean;
  /** Its subcommands, built only when a command line reaches it. */
  readonly subcommands?: () => readonly Command[];
}

/** A command as its author writes it: the action's parameters are inferred from `arguments` and `options`. */
export interface CommandSpec<Arguments extends readonly ArgumentSpec[], Options extends readonly OptionSpec[]> extends CommandFields<Arguments, Options> {
  readonly action?: (args: ArgumentsOf<Arguments>, options: OptionsOf<Options>, rest: readonly string[]) => Promise<void>;
}

/** A command as the parser and the help renderer see it. */
export interface Command extends CommandFields<readonly ArgumentSpec[], readonly OptionSpec[]> {
  readonly run?: (input: ParsedInput) => Promise<void>;
}

/** The root of a command tree: its options apply at every depth; `before` sees them before any action runs. */
export interface ProgramSpec<Options extends readonly OptionSpec[]> {
  readonly name: string;
  readonly description: string;
  readonly version: string;
  readonly options?: Options;
  readonly examples?: readonly string[];
  readonly help?: string;
  readonly before?: (options: OptionsOf<Options>) => void;
  readonly subcommands: () => readonly Command[];
}

export interface Program {
  readonly root: Command;
  readonly version: string;
  readonly before?: (options: ParsedInput["options"]) => void;
}

/**
 * Declares a command. The one place where the parser's untyped result meets
 * the action's inferred types: the parser fills `args` and `options` by the
 * same rules as infer.ts.
 */
export function command<const Arguments extends readonly ArgumentSpec[] = [], const Options extends readonly OptionSpec[] = []>(
  spec: CommandSpec<Arguments, Options>,
): Command {
  const { action, ...fields } = spec;
  if (!action) return fields;
  return { ...fields, run: (input) => action(input.args as ArgumentsOf<Arguments>, input.options as OptionsOf<Options>, input.rest) };
}

/** Declares the root command. */
export function program<const Options extends readonly OptionSpec[] = []>(spec: ProgramSpec<Options>): Program {
  const { version, before, ...fields } = spec;
  return {
    root: fields,
    version,
    ...(before && { before: (options: ParsedInput["options"]) => before(options as OptionsOf<Options>) }),
  };
}
