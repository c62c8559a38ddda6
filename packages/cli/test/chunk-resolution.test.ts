import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveChunksDirectly } from "../src/chunk-resolution.js";

/*
 * The direct resolution of the CLI's chunks. Every CLI test runs it (the
 * built binary switches it on); this checks its edges against Node's own
 * resolution, in a folder of made-up chunks. The patch stays for this test
 * file's worker, and only touches requests from modules in that folder.
 */
let chunks: string;
let elsewhere: string;

beforeAll(async () => {
  const root = await realpath(await mkdtemp(join(tmpdir(), "koan-chunk-resolution-")));
  chunks = join(root, "dist");
  elsewhere = join(root, "other");
  await mkdir(chunks);
  await mkdir(elsewhere);
  await writeFile(join(chunks, "main-ABCDEFGH.cjs"), 'module.exports = require("./chunk-BCDEFGHI.cjs") + require("./helper.cjs");\n');
  await writeFile(join(chunks, "chunk-BCDEFGHI.cjs"), "module.exports = 40;\n");
  await writeFile(join(chunks, "helper.cjs"), "module.exports = 2;\n");
  await writeFile(join(elsewhere, "chunk-BCDEFGHI.cjs"), 'module.exports = "the other folder\'s";\n');
  resolveChunksDirectly(chunks);
});

afterAll(async () => {
  await rm(join(chunks, ".."), { recursive: true, force: true });
});

describe("resolveChunksDirectly", () => {
  it("resolves a chunk required from its folder to its sibling, and loads it once", () => {
    const requireInChunks = createRequire(join(chunks, "bin.cjs"));
    expect(requireInChunks.resolve("./chunk-BCDEFGHI.cjs")).toBe(join(chunks, "chunk-BCDEFGHI.cjs"));
    // Without looking at the disk: Node's own resolution would throw here.
    expect(requireInChunks.resolve("./chunk-ZZZZZZZZ.cjs")).toBe(join(chunks, "chunk-ZZZZZZZZ.cjs"));
    expect(requireInChunks("./main-ABCDEFGH.cjs")).toBe(42);
    expect(requireInChunks("./main-ABCDEFGH.cjs")).toBe(42);
  });

  it("leaves other requests to Node: files without a content hash, other folders, packages", () => {
    const requireInChunks = createRequire(join(chunks, "bin.cjs"));
    expect(requireInChunks.resolve("./helper.cjs")).toBe(join(chunks, "helper.cjs"));
    expect(requireInChunks.resolve("node:path")).toBe("node:path");
    const requireElsewhere = createRequire(join(elsewhere, "index.cjs"));
    expect(requireElsewhere("./chunk-BCDEFGHI.cjs")).toBe("the other folder's");
    expect(() => requireInChunks.resolve("./missing.cjs")).toThrow(/Cannot find module/);
  });

  it("fails a missing chunk with an error that names its file", () => {
    const requireInChunks = createRequire(join(chunks, "bin.cjs"));
    expect(() => requireInChunks("./chunk-ZZZZZZZZ.cjs")).toThrow(join(chunks, "chunk-ZZZZZZZZ.cjs"));
  });
});
