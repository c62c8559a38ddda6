import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ArtifactNotFoundError, InvalidArtifactKeyError, KoanError } from "../src/contracts.js";
import { LocalArtifactStore } from "../src/local/local-artifact-store.js";

let root: string;
let store: LocalArtifactStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "koan-local-store-"));
  store = new LocalArtifactStore(root);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

async function listAll(prefix: string, on: LocalArtifactStore = store): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of on.list(prefix)) keys.push(key);
  return keys.sort();
}

async function readAll(chunks: AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; count: number }> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return { bytes: Buffer.concat(parts), count: parts.length };
}

/** Every file under the root, as the filesystem sees it (temp files included). */
async function filesOnDisk(): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) =>
      join(e.parentPath, e.name)
        .slice(root.length + 1)
        .split(sep)
        .join("/")
    )
    .sort();
}

/** Deterministic pseudo-random bytes, so a multi-MB body is not one repeated byte. */
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

async function* chunksOf(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) {
    yield bytes.subarray(offset, Math.min(offset + size, bytes.byteLength));
    // Let other work interleave, like a real network or disk source would.
    await new Promise<void>((r) => setImmediate(r));
  }
}

async function expectNotFound(promise: Promise<unknown>, key: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(ArtifactNotFoundError);
  expect((error as ArtifactNotFoundError).code).toBe("ARTIFACT_NOT_FOUND");
  expect((error as ArtifactNotFoundError).key).toBe(key);
  expect((error as ArtifactNotFoundError).store).toBe(store.identity);
  expect((error as Error).message).toContain(key);
}

describe("LocalArtifactStore basics", () => {
  it("describes itself as a local artifact store rooted at the resolved folder", () => {
    expect(store.type).toBe("artifact_store");
    expect(store.flavor).toBe("local");
    expect(store.isRemote).toBe(false);
    expect(store.specVersion).toBe(1);
    expect(store.root).toBe(root);
    expect(store.identity).toBe(`local:${root}`);
  });

  it("resolves a relative root to an absolute path", () => {
    const relativeStore = new LocalArtifactStore("some/relative/folder");
    expect(relativeStore.root).toBe(join(process.cwd(), "some", "relative", "folder"));
  });
});

describe("put and get", () => {
  it("stores a small Uint8Array and reads it back byte for byte", async () => {
    const body = utf8("hello, artifacts");
    const stat = await store.put("a/b/hello.txt", body);
    expect(stat.key).toBe("a/b/hello.txt");
    expect(stat.size).toBe(body.byteLength);
    const back = await store.get("a/b/hello.txt");
    expect(back).toBeInstanceOf(Uint8Array);
    expect(text(back)).toBe("hello, artifacts");
  });

  it("stores an empty object", async () => {
    const stat = await store.put("empty.bin", new Uint8Array(0));
    expect(stat.size).toBe(0);
    expect((await store.get("empty.bin")).byteLength).toBe(0);
    expect(await store.exists("empty.bin")).toBe(true);
  });

  it("stores only the viewed bytes of a subarray", async () => {
    const whole = utf8("0123456789");
    await store.put("view.bin", whole.subarray(3, 7));
    expect(text(await store.get("view.bin"))).toBe("3456");
  });

  // Objects up to 64 KiB are written and read synchronously, larger ones asynchronously: both must behave alike.
  it.each([64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1])("stores and reads %i bytes, either side of the small-object limit, intact", async (size) => {
    const body = pseudoRandomBytes(size, size);
    const stat = await store.put(`edge/${size}/data.bin`, body);
    expect(stat.size).toBe(size);
    const back = await store.get(`edge/${size}/data.bin`);
    expect(Buffer.compare(Buffer.from(back), Buffer.from(body))).toBe(0);
    expect(await filesOnDisk()).toEqual([`edge/${size}/data.bin`]);
  });

  it("a read object owns its buffer (not a slice of a shared pool), small or large", async () => {
    await store.put("own/small.bin", utf8("x"));
    await store.put("own/large.bin", pseudoRandomBytes(200_000, 3));
    for (const key of ["own/small.bin", "own/large.bin"]) {
      const back = await store.get(key);
      expect(back.byteOffset).toBe(0);
      expect(back.buffer.byteLength).toBe(back.byteLength);
    }
  });

  it("a small put that cannot be renamed into place leaves no temp file", async () => {
    // The key names an existing folder: the rename of the temp file onto it fails.
    await store.put("taken/inner.txt", utf8("x"));
    await expect(store.put("taken", utf8("y"))).rejects.toThrow();
    expect(await filesOnDisk()).toEqual(["taken/inner.txt"]);
  });

  it("stores a multi-MB Uint8Array intact", async () => {
    const body = pseudoRandomBytes(5 * 1024 * 1024 + 17, 42);
    const stat = await store.put("big/blob.bin", body);
    expect(stat.size).toBe(body.byteLength);
    const back = await store.get("big/blob.bin");
    expect(Buffer.compare(Buffer.from(back), Buffer.from(body))).toBe(0);
  });

  it("stores a multi-MB async-iterable body intact, in order", async () => {
    const body = pseudoRandomBytes(3 * 1024 * 1024 + 5, 7);
    const stat = await store.put("big/streamed.bin", chunksOf(body, 64 * 1024 + 3));
    expect(stat.size).toBe(body.byteLength);
    const back = await store.get("big/streamed.bin");
    expect(Buffer.compare(Buffer.from(back), Buffer.from(body))).toBe(0);
  });

  it("stores a small async-iterable body", async () => {
    async function* parts(): AsyncIterable<Uint8Array> {
      yield utf8("ab");
      yield utf8("");
      yield utf8("cd");
    }
    await store.put("parts.txt", parts());
    expect(text(await store.get("parts.txt"))).toBe("abcd");
  });

  it("replaces an existing object", async () => {
    await store.put("k", utf8("first version, longer"));
    const stat = await store.put("k", utf8("second"));
    expect(stat.size).toBe(6);
    expect(text(await store.get("k"))).toBe("second");
    expect(await listAll("")).toEqual(["k"]);
  });

  it("writes the object as a file at the key's path under the root", async () => {
    await store.put("x/y/z.json", utf8("{}"));
    expect(await filesOnDisk()).toEqual(["x/y/z.json"]);
  });
});

describe("getStream", () => {
  it("streams a small object", async () => {
    await store.put("s.txt", utf8("streamed"));
    const { bytes } = await readAll(store.getStream("s.txt"));
    expect(bytes.toString("utf8")).toBe("streamed");
  });

  it("streams a multi-MB object in several chunks that join to the original", async () => {
    const body = pseudoRandomBytes(4 * 1024 * 1024 + 1, 3);
    await store.put("big.bin", body);
    const { bytes, count } = await readAll(store.getStream("big.bin"));
    expect(Buffer.compare(bytes, Buffer.from(body))).toBe(0);
    expect(count).toBeGreaterThan(1);
  });
});

describe("exists and stat", () => {
  it("exists is true for a stored object and false for a missing one", async () => {
    await store.put("there", utf8("x"));
    expect(await store.exists("there")).toBe(true);
    expect(await store.exists("not-there")).toBe(false);
    expect(await store.exists("there/below")).toBe(false);
  });

  it("exists is false for a folder that only holds objects", async () => {
    await store.put("folder/file", utf8("x"));
    expect(await store.exists("folder")).toBe(false);
  });

  it("stat reports the key, size in bytes and modification time", async () => {
    const body = utf8("héllo"); // 6 bytes, 5 characters
    await store.put("st/at.txt", body);
    const stat = await store.stat("st/at.txt");
    expect(stat.key).toBe("st/at.txt");
    expect(stat.size).toBe(6);
    expect(stat.modifiedAt).toBeInstanceOf(Date);
    expect(Number.isNaN(stat.modifiedAt?.getTime())).toBe(false);
  });
});

describe("missing keys", () => {
  it("get of a missing key raises ArtifactNotFoundError", async () => {
    await expectNotFound(store.get("nope/missing.bin"), "nope/missing.bin");
  });

  it("stat of a missing key raises ArtifactNotFoundError", async () => {
    await expectNotFound(store.stat("missing"), "missing");
  });

  it("getStream of a missing key raises ArtifactNotFoundError when read", async () => {
    await expectNotFound(readAll(store.getStream("missing/stream")), "missing/stream");
  });

  it("a key below an existing object is missing, not a filesystem error", async () => {
    await store.put("file", utf8("x"));
    await expectNotFound(store.get("file/child"), "file/child");
    await expectNotFound(store.stat("file/child"), "file/child");
  });

  it("a folder is not an object", async () => {
    await store.put("dir/inner", utf8("x"));
    await expectNotFound(store.get("dir"), "dir");
    await expectNotFound(store.stat("dir"), "dir");
    await expectNotFound(readAll(store.getStream("dir")), "dir");
  });
});

describe("list", () => {
  beforeEach(async () => {
    for (const key of [
      "top.txt",
      "runs/1/model.bin",
      "runs/1/metrics.json",
      "runs/10/model.bin",
      "runs/2/deep/er/still.txt",
      "data.json",
      "data.bin",
      "database/table.csv",
    ]) {
      await store.put(key, utf8(key));
    }
  });

  it("lists every key with an empty prefix", async () => {
    expect(await listAll("")).toEqual([
      "data.bin",
      "data.json",
      "database/table.csv",
      "runs/1/metrics.json",
      "runs/1/model.bin",
      "runs/10/model.bin",
      "runs/2/deep/er/still.txt",
      "top.txt",
    ]);
  });

  it("lists a folder prefix, including nested folders", async () => {
    expect(await listAll("runs/")).toEqual([
      "runs/1/metrics.json",
      "runs/1/model.bin",
      "runs/10/model.bin",
      "runs/2/deep/er/still.txt",
    ]);
    expect(await listAll("runs/2/")).toEqual(["runs/2/deep/er/still.txt"]);
  });

  it("treats the prefix as a string prefix, not a folder name", async () => {
    expect(await listAll("runs/1")).toEqual(["runs/1/metrics.json", "runs/1/model.bin", "runs/10/model.bin"]);
    expect(await listAll("runs/1/")).toEqual(["runs/1/metrics.json", "runs/1/model.bin"]);
  });

  it("matches a prefix that is a partial file name", async () => {
    expect(await listAll("data")).toEqual(["data.bin", "data.json", "database/table.csv"]);
    expect(await listAll("data.")).toEqual(["data.bin", "data.json"]);
    expect(await listAll("runs/1/m")).toEqual(["runs/1/metrics.json", "runs/1/model.bin"]);
    expect(await listAll("runs/1/mo")).toEqual(["runs/1/model.bin"]);
  });

  it("lists nothing for a prefix that matches nothing", async () => {
    expect(await listAll("zzz")).toEqual([]);
    expect(await listAll("no/such/folder/")).toEqual([]);
    expect(await listAll("top.txt/")).toEqual([]);
  });

  it("an exact key is its own prefix", async () => {
    expect(await listAll("top.txt")).toEqual(["top.txt"]);
  });

  it("refuses an invalid prefix", async () => {
    await expect(listAll("../")).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    await expect(listAll("/abs")).rejects.toBeInstanceOf(InvalidArtifactKeyError);
  });
});

describe("delete and deletePrefix", () => {
  it("deletes an object", async () => {
    await store.put("d/one", utf8("1"));
    await store.put("d/two", utf8("2"));
    await store.delete("d/one");
    expect(await store.exists("d/one")).toBe(false);
    expect(await listAll("")).toEqual(["d/two"]);
    await expectNotFound(store.get("d/one"), "d/one");
  });

  it("deleting a missing key is fine", async () => {
    await expect(store.delete("never/was")).resolves.toBeUndefined();
    await store.put("once", utf8("x"));
    await store.delete("once");
    await expect(store.delete("once")).resolves.toBeUndefined();
  });

  it("deletePrefix removes every matching object and returns how many", async () => {
    for (const key of ["p/a", "p/b/c", "p/b/d/e", "pq", "q/p"]) await store.put(key, utf8(key));
    expect(await store.deletePrefix("p/")).toBe(3);
    expect(await listAll("")).toEqual(["pq", "q/p"]);
    expect(await store.deletePrefix("p")).toBe(1);
    expect(await listAll("")).toEqual(["q/p"]);
    expect(await store.deletePrefix("nothing/")).toBe(0);
    expect(await listAll("")).toEqual(["q/p"]);
  });

  it("delete refuses an invalid key rather than touching files outside the root", async () => {
    const outside = join(root, "..", `${root.split(sep).pop() ?? "x"}-outside`);
    await writeFile(outside, "keep me");
    try {
      const name = outside.split(sep).pop() as string;
      await expect(store.delete(`../${name}`)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
      await expect(store.deletePrefix(`../${name}`)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    } finally {
      await rm(outside, { force: true });
    }
  });
});

describe("invalid keys", () => {
  const bad = ["../x", "a/../../x", "/abs", "a//b", "a\\b", "", "a\0b", "./a", "a/./b", "a/..", ".."];

  for (const key of bad) {
    it(`refuses ${JSON.stringify(key)} for every operation`, async () => {
      const attempts: [string, () => Promise<unknown>][] = [
        ["put", () => store.put(key, utf8("x"))],
        ["get", () => store.get(key)],
        ["getStream", () => readAll(store.getStream(key))],
        ["exists", async () => ((await store.exists(key)) ? "exists said true" : "exists said false")],
        ["stat", () => store.stat(key)],
        ["delete", () => store.delete(key)],
      ];
      for (const [operation, attempt] of attempts) {
        if (operation === "exists") {
          // exists answers false for a key it refuses; it must never say true.
          const answer = await attempt().catch((e: unknown) => e);
          if (answer instanceof Error) expect(answer).toBeInstanceOf(InvalidArtifactKeyError);
          else expect(answer).toBe("exists said false");
          continue;
        }
        const error = await attempt().then(
          () => new Error(`${operation}(${JSON.stringify(key)}) did not throw`),
          (e: unknown) => e
        );
        expect(error, operation).toBeInstanceOf(InvalidArtifactKeyError);
        expect((error as KoanError).code, operation).toBe("INVALID_ARTIFACT_KEY");
      }
      expect(await filesOnDisk()).toEqual([]);
    });
  }

  it("the error names the key and the reason", async () => {
    const error = await store.get("a//b").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArtifactKeyError);
    expect((error as InvalidArtifactKeyError).key).toBe("a//b");
    expect((error as Error).message).toContain('"a//b"');
    expect((error as Error).message).toMatch(/empty path segment/);
  });

  it("refuses a put of ../x without writing outside the root", async () => {
    await expect(store.put("../escaped", utf8("x"))).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    const siblings = await readdir(join(root, ".."));
    expect(siblings).not.toContain("escaped");
  });

  it("accepts keys with dots that are not . or .. segments", async () => {
    await store.put("a/.hidden/..b/...", utf8("ok"));
    expect(text(await store.get("a/.hidden/..b/..."))).toBe("ok");
  });
});

describe("atomic puts", () => {
  /** Yields some real bytes, then fails like a dropped connection. */
  async function* failingBody(prefix: Uint8Array): AsyncIterable<Uint8Array> {
    yield prefix;
    await new Promise<void>((r) => setImmediate(r));
    yield prefix;
    throw new Error("source broke midway");
  }

  it("a put whose body throws midway leaves no object and no temp file", async () => {
    const chunk = pseudoRandomBytes(256 * 1024, 9);
    await expect(store.put("broken/object.bin", failingBody(chunk))).rejects.toThrow("source broke midway");
    expect(await store.exists("broken/object.bin")).toBe(false);
    expect(await listAll("")).toEqual([]);
    expect(await filesOnDisk()).toEqual([]);
    await expectNotFound(store.get("broken/object.bin"), "broken/object.bin");
  });

  it("a put whose body throws before yielding anything leaves nothing behind", async () => {
    async function* failsAtOnce(): AsyncIterable<Uint8Array> {
      throw new Error("no bytes at all");
    }
    // Failing before the temp file is even open races with the file's creation
    // (it lost a few times in a hundred before the fix); try it many times, each
    // in a fresh folder, which is where the race showed.
    const keys = Array.from({ length: 300 }, (_, i) => `never/${i}/object.bin`);
    for (const key of keys) {
      await expect(store.put(key, failsAtOnce())).rejects.toThrow("no bytes at all");
    }
    for (const key of keys) expect(await store.exists(key)).toBe(false);
    expect(await listAll("")).toEqual([]);
    expect(await filesOnDisk()).toEqual([]);
  });

  it("a failed put keeps the previous version of the key intact", async () => {
    const previous = pseudoRandomBytes(100_000, 1);
    await store.put("model.bin", previous);
    await expect(store.put("model.bin", failingBody(pseudoRandomBytes(300_000, 2)))).rejects.toThrow(
      "source broke midway"
    );
    expect(await store.exists("model.bin")).toBe(true);
    expect((await store.stat("model.bin")).size).toBe(previous.byteLength);
    expect(Buffer.compare(Buffer.from(await store.get("model.bin")), Buffer.from(previous))).toBe(0);
    expect(await listAll("")).toEqual(["model.bin"]);
    expect(await filesOnDisk()).toEqual(["model.bin"]);
  });

  it("concurrent puts to different keys all land", async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `concurrent/${i % 4}/object-${i}.bin`);
    const bodies = keys.map((_, i) => pseudoRandomBytes(20_000 + i * 97, i + 1));
    await Promise.all(
      keys.map((key, i) =>
        i % 2 === 0 ? store.put(key, bodies[i] as Uint8Array) : store.put(key, chunksOf(bodies[i] as Uint8Array, 4096))
      )
    );
    expect(await listAll("concurrent/")).toEqual([...keys].sort());
    for (const [i, key] of keys.entries()) {
      expect(Buffer.compare(Buffer.from(await store.get(key)), Buffer.from(bodies[i] as Uint8Array)), key).toBe(0);
    }
    expect((await filesOnDisk()).some((f) => f.includes(".koan-tmp-"))).toBe(false);
  });

  it("concurrent puts to the same key leave exactly one whole version", async () => {
    const versions = Array.from({ length: 12 }, (_, i) => new Uint8Array(200_000 + i * 1000).fill(i + 1));
    await Promise.all(versions.map((body) => store.put("same/key.bin", chunksOf(body, 8192))));
    const stored = await store.get("same/key.bin");
    const first = stored[0] as number;
    expect(first).toBeGreaterThanOrEqual(1);
    expect(first).toBeLessThanOrEqual(versions.length);
    const expected = versions[first - 1] as Uint8Array;
    expect(stored.byteLength).toBe(expected.byteLength);
    expect(stored.every((byte) => byte === first)).toBe(true);
    expect(await listAll("same/")).toEqual(["same/key.bin"]);
    expect(await filesOnDisk()).toEqual(["same/key.bin"]);
  });

  it("temp files are never listed", async () => {
    await store.put("dir/real.txt", utf8("real"));
    // A writer that crashed mid-put leaves a temp file beside its target.
    await writeFile(join(root, "dir", ".koan-tmp-deadbeef0000"), "partial");
    await writeFile(join(root, ".koan-tmp-cafebabe0000"), "partial");
    expect(await listAll("")).toEqual(["dir/real.txt"]);
    expect(await listAll("dir/")).toEqual(["dir/real.txt"]);
    expect(await listAll("dir/.koan")).toEqual([]);
    expect(await store.deletePrefix("dir/")).toBe(1);
  });

  it("no temp file is listed while a put is in flight", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let firstChunkWritten!: () => void;
    const started = new Promise<void>((r) => (firstChunkWritten = r));
    async function* slowBody(): AsyncIterable<Uint8Array> {
      yield utf8("first half, ");
      firstChunkWritten();
      await gate;
      yield utf8("second half");
    }
    const putting = store.put("inflight/obj.txt", slowBody());
    await started;
    // Give the write stream time to open its temp file.
    for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
    expect(await listAll("")).toEqual([]);
    expect(await store.exists("inflight/obj.txt")).toBe(false);
    release();
    await putting;
    expect(await listAll("")).toEqual(["inflight/obj.txt"]);
    expect(text(await store.get("inflight/obj.txt"))).toBe("first half, second half");
  });
});

describe("uriFor", () => {
  it("gives a file:// URL of the key's path", () => {
    const uri = store.uriFor("artifacts/p/s/out/123");
    expect(uri.startsWith("file://")).toBe(true);
    expect(fileURLToPath(uri)).toBe(join(root, "artifacts", "p", "s", "out", "123"));
  });

  it("escapes characters that URLs cannot hold", () => {
    const uri = store.uriFor("with space/and#hash%");
    expect(uri).not.toContain(" ");
    expect(uri).not.toContain("#");
    expect(fileURLToPath(uri)).toBe(join(root, "with space", "and#hash%"));
  });

  it("the empty key is the root", () => {
    expect(fileURLToPath(store.uriFor(""))).toBe(root);
  });

  it("refuses an invalid key", () => {
    expect(() => store.uriFor("../x")).toThrow(InvalidArtifactKeyError);
  });
});

describe("object keys versus prefixes", () => {
  it("refuses a trailing slash on an object key, so a/ and a never name the same object", async () => {
    await expect(store.put("a/", new Uint8Array([1]))).rejects.toThrow(/cannot end with \//);
    await expect(store.get("a/")).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    await store.put("a/b", new Uint8Array([1]));
    const keys: string[] = [];
    for await (const key of store.list("a/")) keys.push(key);
    expect(keys).toEqual(["a/b"]);
  });

  it("reserves the temporary-file prefix", async () => {
    await expect(store.put("x/.koan-tmp-abc", new Uint8Array([1]))).rejects.toThrow(/reserved for the store's temporary files/);
  });
});
