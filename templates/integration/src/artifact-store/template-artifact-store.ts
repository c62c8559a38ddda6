import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { ArtifactNotFoundError, InvalidArtifactKeyError, assertValidKey } from "@koan/core";
import type { ArtifactStore, ObjectBody, ObjectStat } from "@koan/core/contracts";

/** Partly written objects carry this prefix and are never listed. */
const PARTIAL = ".partial-";

/**
 * Objects as files under one folder. A client for a real object store keeps
 * the same shape: check every key with `assertValidKey`, stream bodies in
 * and out (never buffer a whole object), make `put` atomic, and turn the
 * service's "no such key" into `ArtifactNotFoundError`.
 */
export class TemplateArtifactStore implements ArtifactStore {
  readonly specVersion = 1 as const;
  readonly type = "artifact_store" as const;
  readonly flavor = "template";
  readonly isRemote = false;
  readonly identity: string;

  constructor(readonly root: string) {
    this.root = resolve(root);
    this.identity = `template:${this.root}`;
  }

  uriFor(key: string): string {
    return pathToFileURL(this.#path(key, { prefix: true })).href;
  }

  async put(key: string, body: ObjectBody): Promise<ObjectStat> {
    const target = this.#path(key);
    await mkdir(dirname(target), { recursive: true });
    // Write beside the target, then rename: readers never see a partial object.
    const partial = join(dirname(target), `${PARTIAL}${randomBytes(6).toString("hex")}`);
    const sink = createWriteStream(partial, { flags: "wx" });
    try {
      await pipeline(body instanceof Uint8Array ? Readable.from([body]) : Readable.from(body), sink);
      await rename(partial, target);
    } catch (error) {
      if (!sink.closed) await new Promise<void>((done) => sink.once("close", () => done()));
      await rm(partial, { force: true });
      throw error;
    }
    return this.stat(key);
  }

  async get(key: string): Promise<Uint8Array> {
    const path = this.#path(key);
    try {
      return await readFile(path);
    } catch (error) {
      throw this.#notFound(error, key);
    }
  }

  async *getStream(key: string): AsyncIterable<Uint8Array> {
    const path = this.#path(key);
    await this.stat(key);
    yield* createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>;
  }

  async exists(key: string): Promise<boolean> {
    const path = this.#path(key);
    try {
      return (await stat(path)).isFile();
    } catch {
      return false;
    }
  }

  async stat(key: string): Promise<ObjectStat> {
    const path = this.#path(key);
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new ArtifactNotFoundError(this.identity, key);
      return { key, size: info.size, modifiedAt: info.mtime };
    } catch (error) {
      throw this.#notFound(error, key);
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    assertValidKey(prefix, { prefix: true });
    const folder = prefix.includes("/") ? this.#path(prefix.slice(0, prefix.lastIndexOf("/")), { prefix: true }) : this.root;
    for await (const file of walk(folder)) {
      const key = relative(this.root, file).split(sep).join("/");
      if (key.startsWith(prefix)) yield key;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.#path(key);
    try {
      await unlink(path);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    let count = 0;
    for await (const key of this.list(prefix)) {
      await this.delete(key);
      count++;
    }
    return count;
  }

  /** The file of a key (or the folder of a prefix), refusing anything that could leave the root. */
  #path(key: string, options: { prefix?: boolean } = {}): string {
    assertValidKey(key, options);
    if (key.split("/").some((segment) => segment.startsWith(PARTIAL))) {
      throw new InvalidArtifactKeyError(key, `names starting with "${PARTIAL}" are reserved for partly written objects`);
    }
    const path = resolve(this.root, key);
    if (path !== this.root && !path.startsWith(this.root + sep)) {
      throw new InvalidArtifactKeyError(key, "it resolves outside the store's root");
    }
    return path;
  }

  #notFound(error: unknown, key: string): unknown {
    return isMissing(error) ? new ArtifactNotFoundError(this.identity, key) : error;
  }
}

async function* walk(folder: string): AsyncIterable<string> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  for (const entry of entries) {
    if (entry.name.startsWith(PARTIAL)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR";
}
