import type { Command, OptionSpec } from "./spec.js";

/** The help text's width; descriptions wrap to it, examples and notes do not. */
const WIDTH = 80;
const HELP_OPTION: OptionSpec = { flags: "-h, --help", description: "show help for a command" };
const VERSION_OPTION: OptionSpec = { flags: "-v, --version", description: "print the version" };
const HELP_COMMAND = { term: "help [command]", description: "show help for a command" };

/**
 * The help of one command: usage, description, arguments, options,
 * subcommands (under their group headings), examples and notes. Only this
 * command and its direct subcommands are built.
 */
export function renderHelp(command: Command, path: readonly string[], options: { readonly root?: boolean } = {}): string {
  const usage = command.usage ?? `[options]${command.subcommands ? " [command]" : ""}${argumentTerms(command)}`;
  const sections: [string, [string, string][]][] = [];

  const args = (command.arguments ?? []).map((a): [string, string] => [a.name.slice(1, -1).replace(/\.\.\.$/, ""), a.description]);
  if (args.length > 0) sections.push(["Arguments:", args]);

  const optionRows = [...(options.root ? [VERSION_OPTION] : []), ...(command.options ?? []), HELP_OPTION].map((o): [string, string] => [o.flags, optionDescription(o)]);
  sections.push(["Options:", optionRows]);

  if (command.subcommands) {
    const groups = new Map<string, [string, string][]>();
    for (const sub of command.subcommands()) {
      const heading = sub.group ?? "Commands:";
      const rows = groups.get(heading) ?? [];
      const subHasOptions = (sub.options?.length ?? 0) > 0;
      rows.push([`${sub.name}${subHasOptions ? " [options]" : ""}${argumentTerms(sub)}`, sub.description]);
      groups.set(heading, rows);
    }
    const commands = groups.get("Commands:") ?? [];
    groups.delete("Commands:");
    groups.set("Commands:", [...commands, [HELP_COMMAND.term, HELP_COMMAND.description]]);
    for (const [heading, rows] of groups) sections.push([heading, rows]);
  }

  const termWidth = Math.max(...sections.flatMap(([, rows]) => rows.map(([term]) => term.length)));
  const lines = [`Usage: ${path.join(" ")} ${usage}`.trimEnd(), "", ...wrap(command.description, WIDTH), ""];
  for (const [heading, rows] of sections) {
    lines.push(heading);
    for (const [term, description] of rows) lines.push(...row(term, description, termWidth));
    lines.push("");
  }
  if (command.examples && command.examples.length > 0) {
    lines.push("Examples:", ...command.examples.map((example) => `  $ ${example}`), "");
  }
  if (command.help) lines.push(command.help.replace(/\n$/, ""), "");
  return lines.join("\n");
}

function argumentTerms(command: Command): string {
  return (command.arguments ?? []).map((a) => ` ${a.name}`).join("");
}

function optionDescription(option: OptionSpec): string {
  const notes = [
    ...(option.choices ? [`choices: ${option.choices.map((c) => JSON.stringify(c)).join(", ")}`] : []),
    ...(option.default !== undefined ? [`default: ${JSON.stringify(option.default)}`] : []),
  ];
  return notes.length > 0 ? `${option.description} (${notes.join(", ")})` : option.description;
}

/** `  term   description`, the description wrapped in its column (unless the column would be too narrow to read). */
function row(term: string, description: string, termWidth: number): string[] {
  const indent = 2 + termWidth + 2;
  const width = WIDTH - indent;
  const [first = "", ...more] = width >= 40 ? wrap(description, width) : [description];
  return [`  ${term.padEnd(termWidth)}  ${first}`.trimEnd(), ...more.map((line) => `${" ".repeat(indent)}${line}`)];
}

/** Words to lines of at most `width` characters (a longer word gets its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
