import { randomUUID } from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
import { MaterializerError } from "@koan/contracts";
import type { ArtifactStore, JsonObject, NewArtifact, ObjectBody } from "@koan/contracts";
import type { ArtifactReader, ArtifactWriter, Materializer } from "../materializers/materializer.js";
import { blake3, CONTENT_HASH_ALGORITHM, type Blake3, type ContentDigest } from "../util/content-hash.js";

/**
 * Saves one output value under a fresh key. The content hash (BLAKE3, see
 * util/content-hash.ts) covers each file's name and bytes in write order,
 * computed while the bytes are written.
 */
export async function saveArtifact(options: {
  store: ArtifactStore;
  key: string;
  value: unknown;
  materializer: Materializer;
  outputName: string;
  extraMetadata: JsonObject;
  /** The BLAKE3 implementation to hash with; the process's own (native where it loads) by default. For tests. */
  blake3?: Blake3;
}): Promise<NewArtifact> {
  const { store, key, value, materializer } = options;
  const hashing = options.blake3 ?? (await blake3());
  // The content hash is the hash of each file's name and own digest, in write
  // order: framing by digest means no two different file sets hash alike.
  const framing: string[] = [];
  let size = 0;
  const writer: ArtifactWriter = {
    async write(file, body) {
      if (!isPlainFileName(file)) {
        throw new MaterializerError(`Materializer "${materializer.id}" wrote an invalid file name "${file}": use names like data.json or parts/0.bin`);
      }
      const fileDigest = await hashing.newDigest();
      if (body instanceof Uint8Array) {
        // Start the write first, then hash alongside it: the store's I/O runs off the main thread.
        const writing = store.put(`${key}/${file}`, body);
        await hashAlongside(fileDigest, body, writing);
        size += body.byteLength;
        framing.push(`${file}\0${fileDigest.hex()}\n`);
        return;
      }
      const counted = count(body, (chunk) => {
        fileDigest.update(chunk);
        size += chunk.byteLength;
      });
      await store.put(`${key}/${file}`, counted);
      framing.push(`${file}\0${fileDigest.hex()}\n`);
    },
  };
  const facts = await materializer.save(value, writer);
  return {
    key,
    uri: store.uriFor(key),
    storeIdentity: store.identity,
    materializer: materializer.id,
    dataType: materializer.dataType(value),
    size,
    contentHash: await frameHash(hashing, framing),
    metadata: { ...facts, ...options.extraMetadata },
    outputName: options.outputName,
  };
}

/** `blake3:<hex>` of the files' framing lines, in write order. */
async function frameHash(hashing: Blake3, framing: readonly string[]): Promise<string> {
  const digest = await hashing.newDigest();
  digest.update(Buffer.from(framing.join(""), "utf8"));
  return `${CONTENT_HASH_ALGORITHM}:${digest.hex()}`;
}

/** Bytes hashed before the event loop gets a turn (about a millisecond of native BLAKE3); well under the local store's 16 MiB write chunk. */
const HASH_SLICE = 4 * 1024 * 1024;

/**
 * Hashes `bytes` in slices, giving the event loop a turn between slices so
 * that `writing` (started just before) keeps the disk busy meanwhile; then
 * waits for the write. Saving a large buffer takes about the longer of the
 * two instead of their sum. A body under one slice is hashed in one go.
 */
async function hashAlongside(digest: ContentDigest, bytes: Uint8Array, writing: Promise<unknown>): Promise<void> {
  // Observe a failed write at once (no unhandled rejection while hashing); it is rethrown below.
  writing.catch(() => undefined);
  for (let offset = 0; offset < bytes.byteLength; offset += HASH_SLICE) {
    digest.update(bytes.subarray(offset, offset + HASH_SLICE));
    if (offset + HASH_SLICE < bytes.byteLength) await nextTurn();
  }
  await writing;
}

async function* count(body: AsyncIterable<Uint8Array>, onChunk: (chunk: Uint8Array) => void): AsyncIterable<Uint8Array> {
  for await (const chunk of body) {
    onChunk(chunk);
    yield chunk;
  }
}

/** Loads an artifact with the materializer that wrote it. */
export function artifactReader(store: ArtifactStore, key: string, metadata: JsonObject): ArtifactReader {
  return {
    read: (file) => store.get(`${key}/${file}`),
    stream: (file) => store.getStream(`${key}/${file}`),
    metadata,
  };
}

/** A fresh, unique key for an output. */
export function newArtifactKey(pipeline: string, stepId: string, output: string): string {
  return `artifacts/${pipeline}/${stepId}/${output}/${randomUUID()}`;
}

function isPlainFileName(file: string): boolean {
  return /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(file) && file.split("/").every((part) => part !== "." && part !== "..");
}
