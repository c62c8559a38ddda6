import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { Command } from "../src/command-line/index.js";
import { renderHelp } from "../src/command-line/help.js";
import { buildProgram } from "../src/program.js";
import { ANSI, BIN, cleanEnv, expectCode, koan, project } from "./helpers/cli.js";

/** Every command of the full tree, as `koan a b`. */
function allCommands(): { path: string[]; command: Command }[] {
  const found: { path: string[]; command: Command }[] = [];
  const walk = (command: Command, parent: readonly string[]) => {
    const path = [...parent, command.name];
    found.push({ path, command });
    for (const sub of command.subcommands?.() ?? []) walk(sub, path);
  };
  walk(buildProgram().root, []);
  return found;
}

describe.concurrent("the koan command", () => {
  it("prints help with examples, the version, and exits 0", async () => {
    const dir = await project({ init: false });
    const help = expectCode(await koan(["--help"], { cwd: dir }), 0);
    expect(help.stdout).toContain("Usage: koan");
    expect(help.stdout).toContain("Examples:");
    for (const group of ["init", "stack", "artifact-store", "experiment-tracker", "integration", "run", "pipeline", "artifact", "secret"]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${group}\\b`, "m"));
    }
    const version = expectCode(await koan(["--version"], { cwd: dir }), 0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const sub = expectCode(await koan(["help", "secret"], { cwd: dir }), 0);
    expect(sub.stdout).toContain("Usage: koan secret");
    const nested = expectCode(await koan(["model-deployer", "flavor", "describe", "--help"], { cwd: dir }), 0);
    expect(nested.stdout).toContain("Usage: koan model-deployer flavor describe");
    expect(nested.stdout).toContain("Examples:");
  });

  it("gives every command a description and an example, and every list or describe command --json", () => {
    const commands = allCommands();
    expect(commands.length).toBeGreaterThan(100);
    for (const { path, command } of commands) {
      const name = path.join(" ");
      expect(command.description, name).not.toBe("");
      expect(command.examples?.length, `${name} has no example`).toBeGreaterThan(0);
      const help = renderHelp(command, path);
      expect(help, name).toContain("Examples:");
      if (/ (list|describe)$/.test(name) || name.endsWith(" get")) expect(help, name).toContain("--json");
    }
  });

  it("refuses unknown commands and options with exit code 2 and a hint", async () => {
    const dir = await project({ init: false });
    const unknown = expectCode(await koan(["stak", "list"], { cwd: dir }), 2);
    expect(unknown.stderr).toContain("unknown command 'stak'");
    expect(unknown.stderr).toContain("Did you mean stack?");
    const option = expectCode(await koan(["stack", "list", "--jsn"], { cwd: dir }), 2);
    expect(option.stderr).toContain("unknown option '--jsn'");
    const missing = expectCode(await koan(["stack", "set"], { cwd: dir }), 2);
    expect(missing.stderr).toContain("missing required argument 'name'");
    expect(missing.stderr).toContain("--help");
    const choice = expectCode(await koan(["run", "list", "--status", "done"], { cwd: dir }), 2);
    expect(choice.stderr).toContain("Allowed choices are running, completed, failed");
  });

  it("says to run koan init, with exit code 6, outside a repository", async () => {
    const dir = await project({ init: false });
    for (const args of [["stack", "list"], ["orchestrator", "list"], ["run", "list"], ["secret", "list"], ["artifact", "list"], ["pipeline", "list"]]) {
      const result = expectCode(await koan(args, { cwd: dir }), 6);
      expect(result.stderr).toMatch(/^Error: No Koan repository in .* Run `koan init`/m);
      expect(result.stderr).not.toContain("bug");
    }
  });

  it("colours only on a terminal, never with NO_COLOR or --no-color, and when forced", async () => {
    const dir = await project();
    const plain = expectCode(await koan(["stack", "list"], { cwd: dir }), 0);
    expect(plain.all).not.toMatch(ANSI);
    const forced = expectCode(await koan(["stack", "list"], { cwd: dir, env: { FORCE_COLOR: "1" } }), 0);
    expect(forced.stdout).toMatch(ANSI);
    const noColor = expectCode(await koan(["stack", "list"], { cwd: dir, env: { FORCE_COLOR: "1", NO_COLOR: "1" } }), 0);
    expect(noColor.all).not.toMatch(ANSI);
    const flag = expectCode(await koan(["stack", "list", "--no-color"], { cwd: dir, env: { FORCE_COLOR: "1" } }), 0);
    expect(flag.all).not.toMatch(ANSI);
    const error = expectCode(await koan(["stack", "set", "nope"], { cwd: dir }), 3);
    expect(error.stderr).not.toMatch(ANSI);
    expect(error.stderr).toMatch(/^Error: No stack "nope"/);
  });

  // Linux's `script` (util-linux) gives the command a pseudo-terminal; macOS's takes other arguments.
  it.skipIf(process.platform !== "linux")(
    `colours on a real terminal, and not with NO_COLOR there${process.platform === "linux" ? "" : " (skipped: needs util-linux's script)"}`,
    async () => {
      const dir = await project();
      const onTerminal = async (env: Record<string, string | undefined>) => {
        const command = [process.execPath, BIN, "stack", "list"].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(" ");
        const child = spawn("script", ["-qec", command, "/dev/null"], { cwd: dir, env: cleanEnv({ TERM: "xterm", ...env }), stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
        const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
        expect(code).toBe(0);
        return output;
      };
      const coloured = await onTerminal({});
      expect(coloured).toMatch(ANSI);
      expect(coloured).toMatch(/default/);
      expect(await onTerminal({ NO_COLOR: "1" })).not.toMatch(ANSI);
    },
  );

  it("aligns table columns", async () => {
    const dir = await project();
    expectCode(await koan(["orchestrator", "register", "a-much-longer-name", "--flavor", "local"], { cwd: dir }), 0);
    const list = expectCode(await koan(["orchestrator", "list"], { cwd: dir }), 0);
    const lines = list.stdout.trim().split("\n");
    const column = (line: string) => line.indexOf("local");
    expect(lines[0]?.indexOf("FLAVOR")).toBe(column(lines[1] as string));
    expect(column(lines[1] as string)).toBe(column(lines[2] as string));
    for (const line of lines) expect(line).toBe(line.trimEnd());
  });

  it("stops quietly with exit code 0 when the reader of its output is gone (`koan --help | head -0`)", async () => {
    const dir = await project({ init: false });
    // The pipe's reading end is closed before koan writes: its write fails with EPIPE.
    const child = spawn(process.execPath, [BIN, "--help"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
