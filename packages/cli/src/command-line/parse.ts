import { CommandLineError, withoutValue } from "./command-line-error.js";
import { argumentShape, optionFlags, splitOptionWord, type OptionFlags } from "./flags.js";
import type { Command, ParsedInput, Program } from "./spec.js";
import { closest } from "./suggest.js";

type OptionValues = Record<string, string | string[] | boolean | undefined>;

/** What a command line asks for. */
export type CommandLine =
  /** Help for `command` (`path` is its full name): asked for (stdout, exit 0), or shown because a group got no subcommand (stderr, exit 2). */
  | { readonly kind: "help"; readonly command: Command; readonly path: readonly string[]; readonly asked: boolean }
  | { readonly kind: "version" }
  | { readonly kind: "run"; readonly command: Command; readonly path: readonly string[]; readonly input: ParsedInput; readonly globals: OptionValues };

const isHelp = (word: string) => word === "-h" || word === "--help";
const isVersion = (word: string) => word === "-v" || word === "--version";

/**
 * Reads a command line against a command tree. Only the subcommands on the
 * line's path are built. The root's options are global: they may appear at
 * any depth. Throws CommandLineError for anything that does not fit.
 */
export function parseCommandLine(program: Program, argv: readonly string[]): CommandLine {
  const globalFlags = (program.root.options ?? []).map(optionFlags);
  const globals = defaults(globalFlags);
  let command = program.root;
  const path = [command.name];
  let helpAsked = false;
  let i = 0;

  // Down the tree: each word that names a subcommand is one level deeper.
  for (; i < argv.length && command.subcommands; i++) {
    const word = argv[i] as string;
    if (word === "--") break;
    if (word.startsWith("-") && word !== "-") {
      if (isHelp(word)) return { kind: "help", command, path, asked: true };
      if (isVersion(word)) return { kind: "version" };
      const global = findOption(globalFlags, word);
      if (global) {
        i = readOption(global, word, argv, i, globals);
        continue;
      }
      if (command.run) break;
      throw unknownOption(word, globalFlags);
    }
    if (word === "help" && !helpAsked) {
      helpAsked = true;
      continue;
    }
    const subcommands = command.subcommands();
    const sub = subcommands.find((c) => c.name === word);
    if (sub) {
      command = sub;
      path.push(word);
      continue;
    }
    if (helpAsked || !command.run) {
      throw new CommandLineError(`unknown command '${word}'`, closest(word, [...subcommands.map((c) => c.name), "help"]));
    }
    break;
  }
  if (helpAsked) return { kind: "help", command, path, asked: true };

  // The command's own options and arguments.
  const ownFlags = (command.options ?? []).map(optionFlags);
  const options = defaults(ownFlags);
  const positionals: string[] = [];
  const rest: string[] = [];
  let optionsEnded = false;
  /** Where the words a command passes on start (optionsBeforeArguments): a `--` there only separates them. */
  let passedOnFrom = -1;
  for (; i < argv.length; i++) {
    const word = argv[i] as string;
    if (i === passedOnFrom && word === "--") continue;
    if (optionsEnded || word === "-" || !word.startsWith("-")) {
      positionals.push(word);
      rest.push(word);
      if (command.optionsBeforeArguments && !optionsEnded) {
        optionsEnded = true;
        passedOnFrom = i + 1;
      }
      continue;
    }
    if (word === "--") {
      optionsEnded = true;
      // Pass-through commands read their own words again (`--key value` ... `--` ...): they keep the marker.
      rest.push(word);
      continue;
    }
    if (isHelp(word)) return { kind: "help", command, path, asked: true };
    if (isVersion(word)) return { kind: "version" };
    const own = findOption(ownFlags, word);
    const global = own ? undefined : findOption(globalFlags, word);
    if (own) i = readOption(own, word, argv, i, options);
    else if (global) i = readOption(global, word, argv, i, globals);
    else if (command.passThrough) rest.push(word);
    else throw unknownOption(word, [...ownFlags, ...globalFlags]);
  }

  // A group needs a subcommand (or, if it has an action, its arguments); `koan stack -- list` names none.
  if (!command.run || (command.subcommands && positionals.length === 0)) {
    const [word] = positionals;
    if (word === undefined || command.run) return { kind: "help", command, path, asked: false };
    throw new CommandLineError(`unknown command '${word}'`, closest(word, (command.subcommands?.() ?? []).map((c) => c.name).filter((name) => name !== word)));
  }
  for (const flags of ownFlags) {
    if (flags.spec.required && options[flags.key] === undefined) throw new CommandLineError(`required option '${flags.spec.flags}' not specified`);
  }
  return { kind: "run", command, path, input: { args: assignArguments(command, positionals), options, rest: command.passThrough ? rest : [] }, globals };
}

/** Positional words to the declared arguments, in order; a variadic one takes the rest. */
function assignArguments(command: Command, positionals: readonly string[]): ParsedInput["args"] {
  const args: Record<string, string | string[] | undefined> = {};
  let next = 0;
  for (const spec of command.arguments ?? []) {
    const shape = argumentShape(spec);
    if (shape.variadic) {
      args[shape.key] = positionals.slice(next);
      next = positionals.length;
      if (shape.required && (args[shape.key] as string[]).length === 0) throw new CommandLineError(`missing required argument '${shape.label}'`);
    } else if (next < positionals.length) {
      args[shape.key] = positionals[next++];
    } else if (shape.required) {
      throw new CommandLineError(`missing required argument '${shape.label}'`);
    }
  }
  if (next < positionals.length && !command.passThrough) {
    const expected = command.arguments?.length ?? 0;
    throw new CommandLineError(
      `too many arguments for '${command.name}'. Expected ${expected} argument${expected === 1 ? "" : "s"} but got ${positionals.length}.`,
    );
  }
  return args;
}

function defaults(flags: readonly OptionFlags[]): OptionValues {
  const values: OptionValues = {};
  for (const flag of flags) {
    if (flag.negated) values[flag.key] = true;
    else if (flag.spec.default !== undefined) values[flag.key] = flag.spec.default;
  }
  return values;
}

/** The option a word names: `--name`, `--name=value`, `-x` or `-xVALUE`. */
function findOption(flags: readonly OptionFlags[], word: string): OptionFlags | undefined {
  const { name, inline } = splitOptionWord(word);
  if (word.startsWith("--")) return flags.find((f) => f.long === name);
  return flags.find((f) => f.short === name && (inline === undefined || f.takes !== "nothing"));
}

/** Stores an option's value (from the word itself or the words after it); returns the index of the last word it used. */
function readOption(flag: OptionFlags, word: string, argv: readonly string[], i: number, into: OptionValues): number {
  const { inline } = splitOptionWord(word);
  if (flag.takes === "nothing") {
    if (inline !== undefined) throw new CommandLineError(`option '${flag.spec.flags}' takes no value`);
    into[flag.key] = !flag.negated;
    return i;
  }
  if (flag.takes === "value") {
    let value = inline;
    if (value === undefined) value = argv[++i];
    if (value === undefined) throw new CommandLineError(`option '${flag.spec.flags}' argument missing`);
    const choices = flag.spec.choices;
    if (choices && !choices.includes(value)) {
      throw new CommandLineError(`option '${flag.spec.flags}' argument '${value}' is invalid. Allowed choices are ${choices.join(", ")}.`);
    }
    into[flag.key] = value;
    return i;
  }
  // A list: the words up to the next option, added to those of an earlier --name.
  const values = Array.isArray(into[flag.key]) ? [...(into[flag.key] as string[])] : [];
  if (inline !== undefined) values.push(inline);
  while (i + 1 < argv.length && !(argv[i + 1] as string).startsWith("-")) values.push(argv[++i] as string);
  if (values.length === 0) throw new CommandLineError(`option '${flag.spec.flags}' argument missing`);
  into[flag.key] = values;
  return i;
}

function unknownOption(word: string, known: readonly OptionFlags[]): CommandLineError {
  const name = word.startsWith("--") ? splitOptionWord(word).name : undefined;
  return new CommandLineError(`unknown option '${withoutValue(word)}'`, name && closest(name, known.map((f) => f.long)));
}
