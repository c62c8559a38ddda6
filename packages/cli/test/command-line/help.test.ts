import { describe, expect, it } from "vitest";
import { command, renderHelp } from "../../src/command-line/index.js";
import { wrap } from "../../src/command-line/help.js";
import { testProgram } from "./tree.js";

const { tool } = testProgram();
const group = (name: string) => tool.root.subcommands?.().find((c) => c.name === name);
const sub = (groupName: string, name: string) => group(groupName)?.subcommands?.().find((c) => c.name === name);

describe("renderHelp", () => {
  it("shows the root's usage, options with -v and -h, its commands under their group headings, help, examples and notes", () => {
    const help = renderHelp({ ...tool.root, help: "More to read.\n" }, ["tool"], { root: true });
    expect(help).toBe(
      [
        "Usage: tool [options] [command]",
        "",
        "a tool for tests",
        "",
        "Options:",
        "  -v, --version          print the version",
        "  --no-color             no colour",
        "  -h, --help             show help for a command",
        "",
        "Boxes:",
        "  box                    manage boxes",
        "",
        "Running:",
        "  exec <file> [args...]  run a script, or list scripts",
        "",
        "Commands:",
        "  help [command]         show help for a command",
        "",
        "Examples:",
        "  $ tool box list",
        "",
        "More to read.",
        "",
      ].join("\n"),
    );
  });

  it("lists a group's subcommands with [options] where they have options, and their arguments", () => {
    const help = renderHelp(group("box") ?? tool.root, ["tool", "box"]);
    expect(help).toContain("Usage: tool box [options] [command]\n");
    expect(help).toMatch(/^ {2}list \[options\] +list boxes$/m);
    expect(help).toMatch(/^ {2}move \[options\] <name> <new-place> \[note\] +move a box$/m);
    expect(help).toMatch(/^ {2}help \[command\] +show help for a command$/m);
  });

  it("shows a command's arguments, its options with defaults and choices, and its own usage when it has one", () => {
    const list = renderHelp(sub("box", "list") ?? tool.root, ["tool", "box", "list"]);
    expect(list).toContain("Usage: tool box list [options]\n");
    expect(list).toMatch(/^ {2}--limit <n> +at most this many \(default: "20"\)$/m);
    expect(list).toMatch(/^ {2}--status <status> +only these \(choices: "open", "closed"\)$/m);
    expect(list).toMatch(/^ {2}-o, --owner <name> +only this owner's$/m);
    expect(list).not.toContain("--version");
    const move = renderHelp(sub("box", "move") ?? tool.root, ["tool", "box", "move"]);
    expect(move).toContain("Usage: tool box move [options] <name> <new-place> [note]\n");
    expect(move).toMatch(/Arguments:\n {2}name +the box\n {2}new-place +where\n {2}note +why\n/);
    const label = renderHelp(sub("box", "label") ?? tool.root, ["tool", "box", "label"]);
    expect(label).toContain("Usage: tool box label <name> [--key value ...]\n");
    expect(label).toMatch(/Examples:\n {2}\$ tool box label a --size=big\n\nKeys are free-form\.\n$/);
  });

  it("wraps long descriptions in their column, and leaves examples as written", () => {
    const long = command({
      name: "long",
      description: "a description that is long enough to need more than one line of the eighty columns help has to show it",
      options: [{ flags: "--verbose", description: "an option whose description is long enough to wrap onto a second line in its column" }],
      examples: ["long --verbose " + "x".repeat(100)],
    });
    const help = renderHelp(long, ["tool", "long"]);
    for (const line of help.split("\n")) if (!line.startsWith("  $ ")) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(help).toMatch(/^ {2}--verbose +an option whose description is long enough to wrap onto a second\n {14}line in its column$/m);
    expect(help).toContain(`  $ long --verbose ${"x".repeat(100)}`);
  });

  it("wraps words to lines, a word longer than the width on its own line", () => {
    expect(wrap("aa bb cc", 5)).toEqual(["aa bb", "cc"]);
    expect(wrap("a verylongword b", 4)).toEqual(["a", "verylongword", "b"]);
    expect(wrap("", 10)).toEqual([]);
  });
});
