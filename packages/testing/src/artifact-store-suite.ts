import { describe, expect, it } from "vitest";
import { ArtifactNotFoundError, InvalidArtifactKeyError } from "@koan/core";
import type { ArtifactStore, ObjectBody } from "@koan/core/contracts";
import { GeneratedBody, MemoryProbe, MiB, chunksOf, collect, hashStream, pseudoRandomBytes, sha256, utf8 } from "./bytes.js";
import { caught, describeError, expectKoanError } from "./expect-error.js";
import { DEFAULT_TIMEOUT_MS, sharedComponent, uniqueToken } from "./suite.js";
import type { SuiteOptions } from "./suite.js";

export interface ArtifactStoreSuiteOptions extends SuiteOptions<ArtifactStore> {
  /**
   * Every key the suite writes lies under `<prefix><random token>/`, so the
   * suite can share a real bucket with other data. Defaults to
   * `"koan-conformance/"`; must be a valid key prefix ending in `/`.
   */
  readonly prefix?: string;
  /**
   * The most the store may hold in memory while a 64 MiB body streams
   * through it (in or out), in bytes. Defaults to 40 MiB: room for an SDK's
   * multipart upload buffers, well below the 64 MiB a buffering store holds.
   */
  readonly maxBufferedBytes?: number;
}

/** Size of the object the streaming test writes and reads. */
export const LARGE_OBJECT_BYTES = 64 * MiB;
/** How many keys the listing test writes: past the 1,000 at which S3 and friends paginate. */
export const LISTING_KEYS = 1_050;

/** Keys every store must refuse: they start with `/`, or hold `..` or empty segments. */
export const ESCAPING_KEYS: readonly string[] = [
  "../escape",
  "a/../../escape",
  "a/..",
  "..",
  "/absolute",
  "a//b",
  "",
];

/**
 * The artifact store contract: exact round trips (empty, small, streamed,
 * 64 MiB with bounded memory), listing past 1,000 keys by string prefix,
 * typed not-found errors, deletion of one key and of a prefix, concurrent
 * writers, atomic puts, and refusal of keys that could leave the root.
 */
export function artifactStoreSuite(options: ArtifactStoreSuiteOptions): void {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBuffered = options.maxBufferedBytes ?? 40 * MiB;
  if (maxBuffered >= LARGE_OBJECT_BYTES) {
    throw new Error(`maxBufferedBytes must be below ${LARGE_OBJECT_BYTES} bytes, or the streaming test proves nothing`);
  }
  const prefix = options.prefix ?? "koan-conformance/";

  describe(`${options.name}: artifact store conformance`, () => {
    const store = sharedComponent(options.create, async (component) => {
      await options.cleanup?.(component);
    });
    const base = `${prefix}${uniqueToken()}/`;
    let counter = 0;
    /** A fresh folder under the suite's base for one test. */
    const folder = (label: string) => `${base}${label}-${counter++}/`;

    const put = (key: string, body: ObjectBody) => store().put(key, body);
    const listAll = async (listPrefix: string) => {
      const keys: string[] = [];
      for await (const key of store().list(listPrefix)) keys.push(key);
      return keys;
    };

    it("identifies itself as an artifact store", () => {
      const s = store();
      expect(s.type).toBe("artifact_store");
      expect(s.specVersion).toBe(1);
      expect(typeof s.flavor).toBe("string");
      expect(s.flavor.length).toBeGreaterThan(0);
      expect(typeof s.identity).toBe("string");
      expect(s.identity.length).toBeGreaterThan(0);
      expect(typeof s.isRemote).toBe("boolean");
    });

    it("round-trips a small object exactly, every byte value included", async () => {
      const key = `${folder("small")}all-bytes.bin`;
      const bytes = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
      const stat = await put(key, bytes);
      expect(stat.key).toBe(key);
      expect(stat.size).toBe(512);
      expect(Buffer.from(await store().get(key)).equals(Buffer.from(bytes))).toBe(true);
      expect(Buffer.from(await collect(store().getStream(key))).equals(Buffer.from(bytes))).toBe(true);
    }, timeout);

    it("round-trips an empty object", async () => {
      const key = `${folder("empty")}empty.bin`;
      const stat = await put(key, new Uint8Array(0));
      expect(stat.size).toBe(0);
      expect((await store().get(key)).byteLength).toBe(0);
      expect((await collect(store().getStream(key))).byteLength).toBe(0);
      expect(await store().exists(key)).toBe(true);
    }, timeout);

    it("stores a body given as a stream of chunks", async () => {
      const key = `${folder("chunks")}streamed.bin`;
      const bytes = pseudoRandomBytes(3 * MiB + 17, 7);
      const stat = await put(key, chunksOf(bytes, 256 * 1024));
      expect(stat.size).toBe(bytes.byteLength);
      expect(sha256(await store().get(key))).toBe(sha256(bytes));
    }, timeout);

    it("stat reports the key, the exact size and a modification time or null", async () => {
      const key = `${folder("stat")}object.txt`;
      await put(key, utf8("hello, koan"));
      const stat = await store().stat(key);
      expect(stat.key).toBe(key);
      expect(stat.size).toBe(11);
      expect(stat.modifiedAt === null || stat.modifiedAt instanceof Date).toBe(true);
    }, timeout);

    it("overwrites an existing key with the new bytes", async () => {
      const key = `${folder("overwrite")}value.txt`;
      await put(key, utf8("the first, longer version"));
      await put(key, utf8("second"));
      expect(Buffer.from(await store().get(key)).toString("utf8")).toBe("second");
      expect((await store().stat(key)).size).toBe(6);
    }, timeout);

    it("keys with spaces, unicode, dots and dashes round-trip and list back verbatim", async () => {
      const dir = folder("names");
      const keys = [`${dir}with space.txt`, `${dir}ünïcödé-文件.bin`, `${dir}dots.in.name.tar.gz`, `${dir}a-b_c=d+e@f`];
      for (const [i, key] of keys.entries()) await put(key, utf8(`value ${i}`));
      for (const [i, key] of keys.entries()) {
        expect(Buffer.from(await store().get(key)).toString("utf8")).toBe(`value ${i}`);
      }
      expect((await listAll(dir)).sort()).toEqual([...keys].sort());
    }, timeout);

    it(
      "streams a 64 MiB object in and out with bounded memory and reads it back exactly",
      async () => {
        const key = `${folder("large")}large.bin`;
        const writeProbe = new MemoryProbe();
        const body = new GeneratedBody(LARGE_OBJECT_BYTES, MiB, 4242, writeProbe);
        const stat = await put(key, body);
        expect(body.yielded).toBe(LARGE_OBJECT_BYTES);
        expect(stat.size).toBe(LARGE_OBJECT_BYTES);
        expect(
          writeProbe.peakGrowth,
          `put held ${(writeProbe.peakGrowth / MiB).toFixed(1)} MiB while streaming a 64 MiB body (limit ${maxBuffered / MiB} MiB): it must stream, not buffer the whole body`,
        ).toBeLessThan(maxBuffered);

        const readProbe = new MemoryProbe();
        const read = await hashStream(store().getStream(key), readProbe);
        expect(read.size).toBe(LARGE_OBJECT_BYTES);
        expect(read.digest).toBe(body.digest);
        expect(
          readProbe.peakGrowth,
          `getStream held ${(readProbe.peakGrowth / MiB).toFixed(1)} MiB while reading a 64 MiB object (limit ${maxBuffered / MiB} MiB): it must stream, not read the whole object first`,
        ).toBeLessThan(maxBuffered);
        await store().delete(key);
      },
      Math.max(timeout, 180_000),
    );

    it(
      `lists more than 1,000 keys (${LISTING_KEYS}), each exactly once`,
      async () => {
        const dir = folder("many");
        const keys = Array.from({ length: LISTING_KEYS }, (_, i) => `${dir}${String(i).padStart(4, "0")}/item.txt`);
        await inBatches(keys, 32, (key) => put(key, utf8(key)));
        // Neighbours that share the folder name as a string prefix but not as a folder.
        await put(`${dir.slice(0, -1)}-sibling/outside.txt`, utf8("x"));
        const listed = await listAll(dir);
        expect(listed.length).toBe(LISTING_KEYS);
        expect(new Set(listed).size).toBe(LISTING_KEYS);
        expect([...listed].sort()).toEqual([...keys].sort());
      },
      Math.max(timeout, 180_000),
    );

    it("lists every key that starts with the prefix, inside a segment too", async () => {
      const dir = folder("prefix");
      const keys = [`${dir}file-1.txt`, `${dir}file-2.txt`, `${dir}files/nested/deep.txt`, `${dir}other.txt`, `${dir}fi.txt`];
      for (const key of keys) await put(key, utf8(key));
      expect((await listAll(`${dir}file`)).sort()).toEqual([`${dir}file-1.txt`, `${dir}file-2.txt`, `${dir}files/nested/deep.txt`]);
      expect((await listAll(`${dir}files/`)).sort()).toEqual([`${dir}files/nested/deep.txt`]);
      expect((await listAll(dir)).sort()).toEqual([...keys].sort());
      expect(await listAll(`${dir}nothing-here`)).toEqual([]);
      expect(await listAll(`${folder("never-written")}`)).toEqual([]);
    }, timeout);

    it("a missing key raises ArtifactNotFoundError from get, getStream and stat", async () => {
      const key = `${folder("missing")}nope.bin`;
      for (const action of [() => store().get(key), () => collect(store().getStream(key)), () => store().stat(key)]) {
        const error = await expectKoanError(action, ArtifactNotFoundError, "ARTIFACT_NOT_FOUND");
        expect(error.key).toBe(key);
        expect(error.message).toContain(key);
      }
      // A folder-like prefix of a real key is not an object either.
      const dir = folder("not-an-object");
      await put(`${dir}inner/object.txt`, utf8("x"));
      await expectKoanError(store().get(`${dir}inner`), ArtifactNotFoundError, "ARTIFACT_NOT_FOUND");
      expect(await store().exists(`${dir}inner`)).toBe(false);
    }, timeout);

    it("exists is true for a stored key and false for a missing one", async () => {
      const dir = folder("exists");
      await put(`${dir}here.txt`, utf8("here"));
      expect(await store().exists(`${dir}here.txt`)).toBe(true);
      expect(await store().exists(`${dir}there.txt`)).toBe(false);
    }, timeout);

    it("delete removes one object, leaves its neighbours, and a missing key is not an error", async () => {
      const dir = folder("delete");
      await put(`${dir}a.txt`, utf8("a"));
      await put(`${dir}ab.txt`, utf8("ab"));
      await store().delete(`${dir}a.txt`);
      expect(await store().exists(`${dir}a.txt`)).toBe(false);
      expect(await store().exists(`${dir}ab.txt`)).toBe(true);
      await expectKoanError(store().get(`${dir}a.txt`), ArtifactNotFoundError, "ARTIFACT_NOT_FOUND");
      await store().delete(`${dir}a.txt`);
      await store().delete(`${dir}never/was.txt`);
    }, timeout);

    it("deletePrefix removes every object under the prefix, returns how many, and leaves siblings", async () => {
      const dir = folder("delete-prefix");
      const doomed = [`${dir}run/1.bin`, `${dir}run/2.bin`, `${dir}run/deep/er/3.bin`];
      const kept = [`${dir}run-other/4.bin`, `${dir}runner.bin`, `${dir}keep/run/5.bin`];
      for (const key of [...doomed, ...kept]) await put(key, utf8(key));
      expect(await store().deletePrefix(`${dir}run/`)).toBe(3);
      for (const key of doomed) expect(await store().exists(key)).toBe(false);
      for (const key of kept) expect(await store().exists(key)).toBe(true);
      expect((await listAll(dir)).sort()).toEqual([...kept].sort());
      expect(await store().deletePrefix(`${dir}run/`)).toBe(0);
    }, timeout);

    it("deletePrefix removes more than 1,000 objects", async () => {
      const dir = folder("delete-many");
      const keys = Array.from({ length: LISTING_KEYS }, (_, i) => `${dir}${i}.txt`);
      await inBatches(keys, 32, (key) => put(key, utf8("x")));
      expect(await store().deletePrefix(dir)).toBe(LISTING_KEYS);
      expect(await listAll(dir)).toEqual([]);
    }, Math.max(timeout, 180_000));

    it("concurrent writers to different keys all land intact", async () => {
      const dir = folder("concurrent");
      const bodies = Array.from({ length: 24 }, (_, i) => pseudoRandomBytes(256 * 1024 + i, 100 + i));
      await Promise.all(bodies.map((bytes, i) => put(`${dir}${i}.bin`, chunksOf(bytes, 16 * 1024))));
      for (const [i, bytes] of bodies.entries()) {
        expect(sha256(await store().get(`${dir}${i}.bin`)), `object ${i}`).toBe(sha256(bytes));
      }
      expect((await listAll(dir)).length).toBe(bodies.length);
    }, timeout);

    it("concurrent writers to one key leave exactly one writer's whole object", async () => {
      const key = `${folder("same-key")}contended.bin`;
      const bodies = Array.from({ length: 6 }, (_, i) => pseudoRandomBytes(512 * 1024, 900 + i));
      const results = await Promise.allSettled(bodies.map((bytes) => put(key, chunksOf(bytes, 32 * 1024))));
      expect(results.some((r) => r.status === "fulfilled")).toBe(true);
      const stored = sha256(await store().get(key));
      expect(bodies.map(sha256)).toContain(stored);
      expect(await listAll(key)).toEqual([key]);
    }, timeout);

    it("a put whose body fails keeps the previous object and shows nothing partial", async () => {
      const dir = folder("atomic");
      const failing = async function* (): AsyncGenerator<Uint8Array> {
        yield pseudoRandomBytes(64 * 1024, 1);
        await new Promise<void>((resolve) => setImmediate(resolve));
        throw new Error("the source broke");
      };
      await put(`${dir}existing.txt`, utf8("old value"));
      await expect(put(`${dir}existing.txt`, failing())).rejects.toThrow("the source broke");
      expect(Buffer.from(await store().get(`${dir}existing.txt`)).toString("utf8")).toBe("old value");

      await expect(put(`${dir}fresh.bin`, failing())).rejects.toThrow("the source broke");
      expect(await store().exists(`${dir}fresh.bin`)).toBe(false);
      expect(await listAll(dir)).toEqual([`${dir}existing.txt`]);
    }, timeout);

    describe("refuses keys that start with / or hold .. or empty segments", () => {
      for (const bad of ESCAPING_KEYS) {
        it(`refuses ${JSON.stringify(bad)} on every method`, async () => {
          const calls: Array<[string, () => unknown]> = [
            ["put", () => store().put(bad, utf8("x"))],
            ["get", () => store().get(bad)],
            ["getStream", () => collect(store().getStream(bad))],
            ["stat", () => store().stat(bad)],
            ["delete", () => store().delete(bad)],
          ];
          if (bad !== "") {
            // The empty string is a valid prefix (the whole store) and names the root in a URI.
            calls.push(["uriFor", () => store().uriFor(bad)]);
            calls.push(["list", () => collect(mapToBytes(store().list(bad)))]);
            calls.push(["deletePrefix", () => store().deletePrefix(bad)]);
          }
          for (const [method, call] of calls) {
            const error = await caught(async () => call());
            expect(error, `${method}(${JSON.stringify(bad)}) should throw InvalidArtifactKeyError, got ${describeError(error)}`).toBeInstanceOf(
              InvalidArtifactKeyError,
            );
            expect((error as InvalidArtifactKeyError).code).toBe("INVALID_ARTIFACT_KEY");
          }
          // `exists` answers a question rather than acting on the key: refusing
          // it is right, and so is `false` (it must never look outside the root).
          const exists = await store().exists(bad).then(
            (value) => value,
            (error: unknown) => error,
          );
          if (exists !== false) expect(exists).toBeInstanceOf(InvalidArtifactKeyError);
        }, timeout);
      }
    });

    it("never resolves .. against stored keys", async () => {
      const dir = folder("dotdot");
      await put(`${dir}target.txt`, utf8("secret"));
      await expectKoanError(store().get(`${dir}sub/../target.txt`), InvalidArtifactKeyError, "INVALID_ARTIFACT_KEY");
      await expectKoanError(store().put(`${dir}sub/../target.txt`, utf8("overwritten")), InvalidArtifactKeyError, "INVALID_ARTIFACT_KEY");
      await expectKoanError(store().delete(`${dir}sub/../target.txt`), InvalidArtifactKeyError, "INVALID_ARTIFACT_KEY");
      expect(Buffer.from(await store().get(`${dir}target.txt`)).toString("utf8")).toBe("secret");
    }, timeout);

    it("uriFor names the key in a parseable URI", () => {
      const key = `${base}uri/model.bin`;
      const uri = store().uriFor(key);
      expect(() => new URL(uri)).not.toThrow();
      expect(uri).toContain("model.bin");
    });

    it("leaves nothing behind once the suite's folder is deleted", async () => {
      await store().deletePrefix(base);
      expect(await listAll(base)).toEqual([]);
    }, Math.max(timeout, 180_000));
  });
}

async function* mapToBytes(keys: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  for await (const key of keys) yield utf8(key);
}

async function inBatches<T>(items: readonly T[], size: number, action: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(action));
  }
}
