import { command, program, type ParsedInput } from "../../src/command-line/index.js";

/** A small command tree with one of each kind of argument and option; each action records what it got. */
export function testProgram() {
  const calls: { path: string; args: unknown; options: unknown; rest: readonly string[] }[] = [];
  const record = (path: string) => async (args: unknown, options: unknown, rest: readonly string[]) => void calls.push({ path, args, options, rest });
  const globals: ParsedInput["options"][] = [];
  const tool = program({
    name: "tool",
    description: "a tool for tests",
    version: "1.2.3",
    options: [{ flags: "--no-color", description: "no colour" }],
    before: (options) => void globals.push(options),
    examples: ["tool box list"],
    subcommands: () => [
      command({
        name: "box",
        group: "Boxes:",
        description: "manage boxes",
        examples: ["tool box list"],
        subcommands: () => [
          command({
            name: "list",
            description: "list boxes",
            options: [
              { flags: "--json", description: "print JSON" },
              { flags: "--limit <n>", description: "at most this many", default: "20" },
              { flags: "--status <status>", description: "only these", choices: ["open", "closed"] },
              { flags: "-o, --owner <name>", description: "only this owner's" },
              { flags: "--dry-run", description: "do nothing" },
            ],
            examples: ["tool box list --json"],
            action: record("box list"),
          }),
          command({
            name: "move",
            description: "move a box",
            arguments: [
              { name: "<name>", description: "the box" },
              { name: "<new-place>", description: "where" },
              { name: "[note]", description: "why" },
            ],
            options: [{ flags: "--remove <label...>", description: "labels to remove" }],
            examples: ["tool box move a shelf"],
            action: record("box move"),
          }),
          command({
            name: "fill",
            description: "fill boxes",
            arguments: [{ name: "<names...>", description: "the boxes" }],
            options: [{ flags: "--with <thing>", description: "what to fill them with", required: true }],
            examples: ["tool box fill a b --with sand"],
            action: record("box fill"),
          }),
          command({
            name: "label",
            description: "label a box with --key value pairs",
            usage: "<name> [--key value ...]",
            options: [{ flags: "--colour <colour>", description: "the label's colour" }],
            passThrough: true,
            examples: ["tool box label a --size=big"],
            help: "Keys are free-form.\n",
            action: record("box label"),
          }),
        ],
      }),
      command({
        name: "exec",
        group: "Running:",
        description: "run a script, or list scripts",
        arguments: [
          { name: "<file>", description: "the script" },
          { name: "[args...]", description: "its arguments" },
        ],
        optionsBeforeArguments: true,
        examples: ["tool exec x.ts -- --flag"],
        action: record("exec"),
        subcommands: () => [command({ name: "list", description: "list scripts", examples: ["tool exec list"], action: record("exec list") })],
      }),
    ],
  });
  return { tool, calls, globals };
}
