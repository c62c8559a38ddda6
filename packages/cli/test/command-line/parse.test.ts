import { describe, expect, it } from "vitest";
import { CommandLineError, parseCommandLine, type CommandLine } from "../../src/command-line/index.js";
import { optionFlags } from "../../src/command-line/flags.js";
import { testProgram } from "./tree.js";

const parse = (...argv: string[]) => parseCommandLine(testProgram().tool, argv);

function input(line: CommandLine) {
  if (line.kind !== "run") throw new Error(`expected a command to run, got ${line.kind}`);
  return { path: line.path.join(" "), ...line.input, globals: line.globals };
}

function error(argv: string[]): CommandLineError {
  try {
    parse(...argv);
  } catch (caught) {
    if (caught instanceof CommandLineError) return caught;
    throw caught;
  }
  throw new Error(`${argv.join(" ")} parsed without an error`);
}

describe("parseCommandLine", () => {
  it("finds the command by its words and gives defaults", () => {
    expect(input(parse("box", "list"))).toEqual({ path: "tool box list", args: {}, options: { limit: "20" }, rest: [], globals: { color: true } });
  });

  it("reads flags, values as `--x v` and `--x=v`, short aliases, camel-cased keys, and the global --no-color at any depth", () => {
    const line = input(parse("box", "list", "--json", "--limit", "5", "--status=open", "-o", "ann", "--dry-run", "--no-color"));
    expect(line.options).toEqual({ json: true, limit: "5", status: "open", owner: "ann", dryRun: true });
    expect(line.globals).toEqual({ color: false });
    expect(input(parse("--no-color", "box", "list", "-obob")).options).toMatchObject({ owner: "bob" });
    expect(input(parse("--no-color", "box", "list")).globals).toEqual({ color: false });
  });

  it("takes a value that starts with a dash as the value of an option that needs one", () => {
    expect(input(parse("box", "list", "--owner", "-x")).options).toMatchObject({ owner: "-x" });
  });

  it("fills required, optional and variadic arguments, camel-casing their names", () => {
    expect(input(parse("box", "move", "a", "shelf")).args).toEqual({ name: "a", newPlace: "shelf" });
    expect(input(parse("box", "move", "a", "shelf", "because")).args).toEqual({ name: "a", newPlace: "shelf", note: "because" });
    expect(input(parse("box", "fill", "a", "b", "c", "--with", "sand")).args).toEqual({ names: ["a", "b", "c"] });
  });

  it("collects a variadic option's words up to the next option, across repeats", () => {
    const line = input(parse("box", "move", "a", "shelf", "--remove", "red", "blue", "--no-color", "--remove=green"));
    expect(line.options).toEqual({ remove: ["red", "blue", "green"] });
    expect(line.globals).toEqual({ color: false });
  });

  it("ends options at --", () => {
    expect(input(parse("box", "move", "a", "--", "--shelf")).args).toEqual({ name: "a", newPlace: "--shelf" });
  });

  it("gives a pass-through command the words it does not declare, in order, -- included", () => {
    const line = input(parse("box", "label", "a", "--size", "big", "--colour", "red", "--weight=2", "-x", "--", "--raw"));
    expect(line.options).toEqual({ colour: "red" });
    expect(line.rest).toEqual(["a", "--size", "big", "--weight=2", "-x", "--", "--raw"]);
  });

  it("passes every word after a run-like command's first argument as it is, options and a later -- included", () => {
    const line = input(parse("exec", "x.ts", "--help", "-v", "--", "--epochs", "3", "--no-color"));
    expect(line.args).toEqual({ file: "x.ts", args: ["--help", "-v", "--", "--epochs", "3", "--no-color"] });
    // A `--` right after the file only separates it from the script's words.
    expect(input(parse("exec", "x.ts", "--", "--epochs", "3", "--", "x")).args).toEqual({ file: "x.ts", args: ["--epochs", "3", "--", "x"] });
    // After an earlier `--` ended the options, a later one is the script's.
    expect(input(parse("exec", "--", "x.ts", "--", "--epochs")).args).toEqual({ file: "x.ts", args: ["--", "--epochs"] });
    expect(line.globals).toEqual({ color: true });
    expect(input(parse("--no-color", "exec", "x.ts")).globals).toEqual({ color: false });
    expect(input(parse("exec", "list")).path).toBe("tool exec list");
  });

  it("asks for help with -h or --help at any depth, or with `help <command...>`", () => {
    const help = (...argv: string[]) => {
      const line = parse(...argv);
      return line.kind === "help" ? { path: line.path.join(" "), asked: line.asked } : line.kind;
    };
    expect(help("--help")).toEqual({ path: "tool", asked: true });
    expect(help("box", "-h")).toEqual({ path: "tool box", asked: true });
    expect(help("box", "list", "--json", "--help")).toEqual({ path: "tool box list", asked: true });
    expect(help("box", "move", "--help")).toEqual({ path: "tool box move", asked: true });
    expect(help("help")).toEqual({ path: "tool", asked: true });
    expect(help("help", "box", "list")).toEqual({ path: "tool box list", asked: true });
    expect(help("box", "help", "move")).toEqual({ path: "tool box move", asked: true });
    expect(help("box", "move", "a", "--", "--help")).toBe("run");
  });

  it("shows a group's help, not asked for, when no subcommand is given", () => {
    const shown = parse();
    expect(shown.kind === "help" && !shown.asked && shown.path.join(" ")).toBe("tool");
    const group = parse("box", "--no-color");
    expect(group.kind === "help" && !group.asked && group.path.join(" ")).toBe("tool box");
    const exec = parse("exec");
    expect(exec.kind === "help" && !exec.asked && exec.path.join(" ")).toBe("tool exec");
  });

  it("reads -v and --version at any depth, but not among the words a command passes on", () => {
    expect(parse("--version").kind).toBe("version");
    expect(parse("-v").kind).toBe("version");
    expect(parse("box", "-v").kind).toBe("version");
    expect(parse("box", "list", "--version").kind).toBe("version");
    expect(input(parse("exec", "x.ts", "-v")).args).toEqual({ file: "x.ts", args: ["-v"] });
  });

  it("names an unknown command and suggests the closest one", () => {
    expect(error(["bx", "list"])).toMatchObject({ message: "unknown command 'bx'", suggestion: "box" });
    expect(error(["box", "lsit"])).toMatchObject({ message: "unknown command 'lsit'", suggestion: "list" });
    expect(error(["box", "zzzzzz"])).toMatchObject({ message: "unknown command 'zzzzzz'", suggestion: undefined });
    expect(error(["help", "bx"])).toMatchObject({ message: "unknown command 'bx'", suggestion: "box" });
    expect(error(["box", "--", "list"])).toMatchObject({ message: "unknown command 'list'", suggestion: undefined });
  });

  it("names an unknown option, never with its value, and suggests the closest one", () => {
    expect(error(["box", "list", "--jsn"])).toMatchObject({ message: "unknown option '--jsn'", suggestion: "--json" });
    expect(error(["box", "list", "--password=hunter2"])).toMatchObject({ message: "unknown option '--password=…'" });
    expect(error(["box", "list", "-phunter2"]).message).toBe("unknown option '-p…'");
    expect(error(["box", "list", "--jsn=hunter2"])).toMatchObject({ message: "unknown option '--jsn=…'", suggestion: "--json" });
    expect(error(["--bogus", "box"]).message).toBe("unknown option '--bogus'");
    for (const argv of [["box", "list", "--password=hunter2"], ["box", "list", "-phunter2"]]) expect(JSON.stringify(error(argv))).not.toContain("hunter2");
  });

  it("refuses missing arguments, too many arguments, missing and invalid option values, and a value for a flag", () => {
    expect(error(["box", "move"]).message).toBe("missing required argument 'name'");
    expect(error(["box", "move", "a"]).message).toBe("missing required argument 'new-place'");
    expect(error(["box", "fill", "--with", "sand"]).message).toBe("missing required argument 'names'");
    expect(error(["box", "list", "extra"]).message).toBe("too many arguments for 'list'. Expected 0 arguments but got 1.");
    expect(error(["box", "move", "a", "b", "c", "d"]).message).toBe("too many arguments for 'move'. Expected 3 arguments but got 4.");
    expect(error(["box", "fill", "a"]).message).toBe("required option '--with <thing>' not specified");
    expect(error(["box", "list", "--limit"]).message).toBe("option '--limit <n>' argument missing");
    expect(error(["box", "move", "a", "b", "--remove"]).message).toBe("option '--remove <label...>' argument missing");
    expect(error(["box", "list", "--status", "lost"]).message).toBe(
      "option '--status <status>' argument 'lost' is invalid. Allowed choices are open, closed.",
    );
    expect(error(["box", "list", "--json=yes"]).message).toBe("option '--json' takes no value");
  });

  it("refuses option flags it cannot read", () => {
    expect(() => optionFlags({ flags: "--name value", description: "" })).toThrow('Option flags "--name value" are not');
    expect(() => optionFlags({ flags: "-name", description: "" })).toThrow("are not");
    expect(optionFlags({ flags: "-o, --output-file <file>", description: "" })).toMatchObject({ short: "-o", long: "--output-file", key: "outputFile", takes: "value", negated: false });
    expect(optionFlags({ flags: "--no-color", description: "" })).toMatchObject({ key: "color", takes: "nothing", negated: true });
  });

  it("builds only the groups a command line goes through", () => {
    let built = 0;
    const { tool } = testProgram();
    const counting = { ...tool, root: { ...tool.root, subcommands: () => (tool.root.subcommands?.() ?? []).map((c) => ({ ...c, subcommands: c.subcommands && (() => (built++, c.subcommands?.() ?? [])) })) } };
    parseCommandLine(counting, ["box", "list"]);
    expect(built).toBe(1);
    parseCommandLine(counting, ["--help"]);
    expect(built).toBe(1);
  });
});
