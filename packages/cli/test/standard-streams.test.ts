import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { StandardStream } from "../src/output/standard-streams.js";
import type { StreamSystem } from "../src/output/standard-streams.js";

/** A system whose descriptor takes `accept(call)` bytes per write, or throws what it returns. */
function fakeSystem(accept: (call: number, remaining: number) => number | NodeJS.ErrnoException) {
  const direct: Buffer[] = [];
  const throughNode: string[] = [];
  let calls = 0;
  let terminalChecks = 0;
  const system: StreamSystem = {
    writeSync(_fd, bytes, offset) {
      const result = accept(calls++, bytes.length - offset);
      if (typeof result !== "number") throw result;
      direct.push(Buffer.from(bytes.subarray(offset, offset + result)));
      return result;
    },
    nodeStream: () => ({ write: (chunk) => throughNode.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8")) }),
    isTerminal: () => {
      terminalChecks++;
      return true;
    },
    readerGone: () => {
      throw new Error("reader gone");
    },
  };
  // Each direct write's bytes: a write may end inside a character.
  const directWrites = () => direct.map((bytes) => bytes.toString("latin1"));
  return { system, direct: () => Buffer.concat(direct).toString("utf8"), directWrites, throughNode, terminalChecks: () => terminalChecks };
}

const errno = (code: string) => Object.assign(new Error(code), { code });

describe("StandardStream", () => {
  it("writes every byte to the descriptor, across partial writes", () => {
    const { system, direct, directWrites, throughNode } = fakeSystem((_call, remaining) => Math.min(3, remaining));
    new StandardStream(1, "stdout", system).write("héllo wörld\n");
    expect(direct()).toBe("héllo wörld\n");
    expect(directWrites().length).toBe(5);
    expect(throughNode).toEqual([]);
  });

  it("hands the rest to Node's stream when the descriptor would block, and keeps using it", () => {
    const { system, direct, throughNode } = fakeSystem((call, remaining) => (call === 0 ? Math.min(4, remaining) : errno("EAGAIN")));
    const stream = new StandardStream(1, "stdout", system);
    stream.write("abcdefgh");
    stream.write("ijk");
    expect(direct()).toBe("abcd");
    expect(throughNode).toEqual(["efgh", "ijk"]);
  });

  it("writes through Node's stream once it exists, so output keeps its order", () => {
    const { system, direct, throughNode } = fakeSystem((_call, remaining) => remaining);
    const stream = new StandardStream(2, "stderr", system);
    stream.write("one\n");
    stream.useNodeStream();
    stream.write("two\n");
    expect(direct()).toBe("one\n");
    expect(throughNode).toEqual(["two\n"]);
  });

  it("treats a closed pipe as the reader having stopped, and throws other errors", () => {
    const closed = fakeSystem(() => errno("EPIPE"));
    expect(() => new StandardStream(1, "stdout", closed.system).write("x")).toThrow("reader gone");
    const full = fakeSystem(() => errno("ENOSPC"));
    expect(() => new StandardStream(1, "stdout", full.system).write("x")).toThrow("ENOSPC");
  });

  it("asks whether it is a terminal once", () => {
    const fake = fakeSystem((_call, remaining) => remaining);
    const stream = new StandardStream(1, "stdout", fake.system);
    expect(stream.isTTY).toBe(true);
    expect(stream.isTTY).toBe(true);
    expect(fake.terminalChecks()).toBe(1);
  });
});

describe("stdout and stderr in a real process", () => {
  const folders: string[] = [];
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  });

  it("write to the pipes without creating Node's streams, and keep their order with code that does", async () => {
    const folder = await mkdtemp(join(tmpdir(), "koan-standard-streams-"));
    folders.push(folder);
    const module = pathToFileURL(fileURLToPath(new URL("../src/output/standard-streams.ts", import.meta.url))).href;
    const script = join(folder, "script.mts");
    await writeFile(
      script,
      [
        // Node's own getter of process.stdout: while koan's is in its place, nothing has asked Node for the stream.
        'const nodeGetter = Object.getOwnPropertyDescriptor(process, "stdout").get;',
        `const { stderr, stdout } = await import(${JSON.stringify(module)});`,
        'stdout.write("one\\n");',
        'stderr.write("note\\n");',
        'const untouched = Object.getOwnPropertyDescriptor(process, "stdout").get !== nodeGetter;',
        'stderr.write(`stream not created: ${untouched}, terminal: ${stdout.isTTY}\\n`);',
        'console.log("two");',
        'stdout.write("three\\n");',
      ].join("\n"),
    );
    const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    expect(err).toBe("note\nstream not created: true, terminal: false\n");
    expect(out).toBe("one\ntwo\nthree\n");
    expect(code).toBe(0);
  });
});
