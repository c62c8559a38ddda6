import { describe, expect, it } from "vitest";
import { runCommandLine } from "../../src/command-line/index.js";
import { EXIT } from "../../src/exit-codes.js";
import { argumentShape, optionFlags } from "../../src/command-line/flags.js";
import type { Command } from "../../src/command-line/index.js";
import { buildProgram } from "../../src/program.js";
import { testProgram } from "./tree.js";

/** Runs a command line of a program, keeping what it prints. */
async function run(argv: string[], program = testProgram()) {
  let out = "";
  let err = "";
  const code = await runCommandLine(program.tool, argv, { out: (text) => void (out += text), err: (text) => void (err += text) });
  return { code, out, err, calls: program.calls, globals: program.globals };
}

describe("runCommandLine", () => {
  it("runs the action with its arguments, options and the words it passes through, after `before` saw the global options", async () => {
    const moved = await run(["box", "move", "a", "shelf", "--remove", "red", "--no-color"]);
    expect(moved).toMatchObject({ code: EXIT.OK, out: "", err: "" });
    expect(moved.calls).toEqual([{ path: "box move", args: { name: "a", newPlace: "shelf" }, options: { remove: ["red"] }, rest: [] }]);
    expect(moved.globals).toEqual([{ color: false }]);
    const labelled = await run(["box", "label", "a", "--size=big"]);
    expect(labelled.calls).toEqual([{ path: "box label", args: {}, options: {}, rest: ["a", "--size=big"] }]);
  });

  it("prints asked-for help and the version on stdout with exit code 0", async () => {
    const help = await run(["box", "list", "--help"]);
    expect(help).toMatchObject({ code: EXIT.OK, err: "", calls: [] });
    expect(help.out).toMatch(/^Usage: tool box list \[options\]\n/);
    expect(await run(["--version"])).toMatchObject({ code: EXIT.OK, out: "1.2.3\n", err: "" });
  });

  it("prints a group's help on stderr with exit code 2 when no subcommand is given", async () => {
    const group = await run(["box"]);
    expect(group).toMatchObject({ code: EXIT.USAGE, out: "", calls: [] });
    expect(group.err).toMatch(/^Usage: tool box \[options\] \[command\]\n/);
  });

  it("prints usage errors on stderr with the suggestion and the --help hint, exit code 2, and runs nothing", async () => {
    const typo = await run(["bx", "list"]);
    expect(typo).toMatchObject({ code: EXIT.USAGE, out: "", calls: [] });
    expect(typo.err).toBe("error: unknown command 'bx'\n(Did you mean box?)\n(add --help for usage and examples)\n");
    const secret = await run(["box", "list", "--password=hunter2"]);
    expect(secret.err).toBe("error: unknown option '--password=…'\n(add --help for usage and examples)\n");
  });

  it("leaves errors of the action to the caller", async () => {
    const { tool } = testProgram();
    const failing = { ...tool, root: { ...tool.root, subcommands: () => [{ name: "fail", description: "fails", run: async () => Promise.reject(new Error("boom")) }] } };
    await expect(runCommandLine(failing, ["fail"], { out: () => undefined, err: () => undefined })).rejects.toThrow("boom");
  });
});

describe("koan's command tree", () => {
  const koan = async (argv: string[]) => {
    let out = "";
    let err = "";
    const code = await runCommandLine(buildProgram(), argv, { out: (text) => void (out += text), err: (text) => void (err += text) });
    return { code, out, err };
  };

  it("has help for every group and `koan help <command...>` at any depth", async () => {
    const root = await koan(["--help"]);
    expect(root.out).toMatch(/^Usage: koan \[options\] \[command\]\n/);
    expect(root.out).toMatch(/^Stacks and components:\n {2}stack +register, inspect/m);
    expect((await koan(["help", "model-deployer", "flavor", "describe"])).out).toMatch(/^Usage: koan model-deployer flavor describe \[options\] <flavor>\n/);
    expect((await koan(["run", "--help"])).out).toContain("Usage: koan run <file> [args...] | list | describe <run> | logs <run>\n");
  });

  it("declares every option and argument in a form the parser reads, a variadic argument only last, no flag twice or taken by the parser", () => {
    const check = (command: Command, path: string) => {
      const shapes = (command.arguments ?? []).map(argumentShape);
      shapes.forEach((shape, i) => expect(!shape.variadic || i === shapes.length - 1, `${path}: ${shape.label}`).toBe(true));
      const flags = (command.options ?? []).map(optionFlags);
      const names = flags.flatMap((f) => [f.long, ...(f.short ? [f.short] : [])]);
      expect(new Set(names).size, path).toBe(names.length);
      // -h/--help and -v/--version are the parser's own, at every depth.
      expect(names.filter((n) => ["-h", "--help", "-v", "--version"].includes(n)), path).toEqual([]);
      for (const sub of command.subcommands?.() ?? []) check(sub, `${path} ${sub.name}`);
    };
    check(buildProgram().root, "koan");
  });

  it("refuses what commander refused, with the same messages", async () => {
    expect((await koan(["stak", "list"])).err).toContain("error: unknown command 'stak'\n(Did you mean stack?)\n(add --help for usage and examples)\n");
    expect((await koan(["orchestrator", "register", "x"])).err).toContain("error: required option '--flavor <flavor>' not specified\n");
    expect((await koan(["run", "list", "--status", "done"])).err).toContain("Allowed choices are running, completed, failed");
    expect((await koan(["secret", "get", "db", "--password=hunter2"])).err).not.toContain("hunter2");
    expect((await koan(["stack", "set"])).code).toBe(EXIT.USAGE);
  });
});
