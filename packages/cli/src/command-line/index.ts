/** Koan's command-line kit: declarative, typed commands, their parser and their help. */
export { command, program } from "./spec.js";
export type { ArgumentSpec, Command, CommandSpec, OptionSpec, ParsedInput, Program, ProgramSpec } from "./spec.js";
export type { ArgumentsOf, OptionsOf } from "./infer.js";
export { parseCommandLine, type CommandLine } from "./parse.js";
export { renderHelp } from "./help.js";
export { runCommandLine, type Output } from "./run.js";
export { CommandLineError } from "./command-line-error.js";
