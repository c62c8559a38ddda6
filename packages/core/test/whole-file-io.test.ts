import { randomFillSync } from "node:crypto";
import { truncateSync } from "node:fs";
import { mkdtemp, open, readFile, rm, truncate, writeFile, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ArtifactNotFoundError } from "../src/contracts.js";
import { LocalArtifactStore } from "../src/local/local-artifact-store.js";
import { readInto, readWhole, writeWhole } from "../src/local/whole-file-io.js";

const MiB = 1024 * 1024;
/** The read chunk of whole-file-io.ts: files below are several chunks long. */
const CHUNK = 16 * MiB;

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "koan-whole-file-"));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fileOf(bytes: Uint8Array, name = "data.bin"): Promise<string> {
  const path = join(root, name);
  await writeFile(path, bytes);
  return path;
}

/**
 * A real file handle whose reads are observed: how many are in flight at
 * once, and an optional action before a given read (counted from 1) goes to
 * the file.
 */
function observed(handle: FileHandle, before?: { read: number; action: () => Promise<void> }) {
  const stats = { reads: 0, inFlight: 0, maxInFlight: 0 };
  const wrapped: Pick<FileHandle, "read"> = {
    read: (async (buffer: Buffer, offset: number, length: number, position: number) => {
      const number = ++stats.reads;
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        if (before?.read === number) await before.action();
        return await handle.read(buffer, offset, length, position);
      } finally {
        stats.inFlight--;
      }
    }) as FileHandle["read"],
  };
  return { handle: wrapped, stats };
}

describe("readWhole", () => {
  it("reads a file of several chunks with a ragged end back byte for byte, into a buffer that owns its memory", async () => {
    const bytes = randomFillSync(Buffer.alloc(5 * CHUNK + 12_345));
    const back = await readWhole(await fileOf(bytes));
    expect(back.equals(bytes)).toBe(true);
    expect(back.byteOffset).toBe(0);
    expect(back.buffer.byteLength).toBe(bytes.byteLength);
  });

  it("reads empty and one-byte files", async () => {
    expect((await readWhole(await fileOf(new Uint8Array(0), "empty"))).byteLength).toBe(0);
    expect([...(await readWhole(await fileOf(Uint8Array.of(7), "one")))]).toEqual([7]);
  });

  it("the store's get of a multi-chunk object is byte-exact, and a missing key is still ArtifactNotFoundError", async () => {
    const store = new LocalArtifactStore(root);
    const bytes = randomFillSync(Buffer.alloc(3 * CHUNK + 1));
    await store.put("big/object.bin", bytes);
    expect(Buffer.from(await store.get("big/object.bin")).equals(bytes)).toBe(true);
    await expect(store.get("big/missing.bin")).rejects.toBeInstanceOf(ArtifactNotFoundError);
    await expect(store.get("big")).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });
});

describe("writeWhole", () => {
  it("writes a buffer of several chunks with a ragged end, byte for byte, and only the viewed bytes of a view", async () => {
    const bytes = randomFillSync(Buffer.alloc(6 * CHUNK + 777));
    const path = join(root, "written.bin");
    await writeWhole(path, bytes);
    expect((await readFile(path)).equals(bytes)).toBe(true);
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset + 5, 2 * CHUNK + 3);
    await writeWhole(join(root, "view.bin"), view);
    expect((await readFile(join(root, "view.bin"))).equals(Buffer.from(view))).toBe(true);
  });

  it("writes an empty file, and never overwrites one that exists", async () => {
    await writeWhole(join(root, "empty.bin"), new Uint8Array(0));
    expect((await readFile(join(root, "empty.bin"))).byteLength).toBe(0);
    const path = await fileOf(Uint8Array.of(1, 2, 3), "kept.bin");
    await expect(writeWhole(path, randomFillSync(Buffer.alloc(CHUNK + 1)))).rejects.toMatchObject({ code: "EEXIST" });
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
  });
});

describe("readInto", () => {
  it("keeps several chunk reads in flight, at most four, and fills the buffer in order", async () => {
    const bytes = randomFillSync(Buffer.alloc(6 * CHUNK + 3));
    const file = await open(await fileOf(bytes), "r");
    try {
      const { handle, stats } = observed(file);
      const into = Buffer.alloc(bytes.byteLength);
      expect(await readInto(handle, into)).toBe(bytes.byteLength);
      expect(into.equals(bytes)).toBe(true);
      expect(stats.maxInFlight).toBe(4);
      expect(stats.reads).toBeGreaterThanOrEqual(7);
    } finally {
      await file.close();
    }
  });

  it("a file cut short after its size was taken comes back as what it holds: its new length and its bytes up to there", async () => {
    const bytes = randomFillSync(Buffer.alloc(5 * CHUNK));
    const path = await fileOf(bytes);
    const shrunk = 2 * CHUNK + 1000;
    const file = await open(path, "r");
    try {
      // Someone else cuts the file short just as the first read is issued (synchronously, so before any read reaches it).
      const { handle } = observed(file, { read: 1, action: async () => truncateSync(path, shrunk) });
      const into = Buffer.alloc(bytes.byteLength);
      expect(await readInto(handle, into)).toBe(shrunk);
      expect(into.subarray(0, shrunk).equals(bytes.subarray(0, shrunk))).toBe(true);
    } finally {
      await file.close();
    }
  });

  it("a file emptied before it is read has no bytes", async () => {
    const path = await fileOf(randomFillSync(Buffer.alloc(2 * CHUNK)));
    const file = await open(path, "r");
    try {
      await truncate(path, 0);
      expect(await readInto(file, Buffer.alloc(2 * CHUNK))).toBe(0);
    } finally {
      await file.close();
    }
  });

  it("a failed read rejects with its error once no other read is in flight", async () => {
    const bytes = randomFillSync(Buffer.alloc(6 * CHUNK));
    const file = await open(await fileOf(bytes), "r");
    try {
      const failure = Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" });
      const { handle, stats } = observed(file, {
        read: 2,
        action: async () => {
          throw failure;
        },
      });
      await expect(readInto(handle, Buffer.alloc(bytes.byteLength))).rejects.toBe(failure);
      expect(stats.inFlight).toBe(0);
      // The others stopped after their chunk instead of reading the whole file.
      expect(stats.reads).toBeLessThan(6);
    } finally {
      await file.close();
    }
  });
});
