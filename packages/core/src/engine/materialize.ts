import { createHash, randomUUID, type Hash } from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
import { MaterializerError } from "@koan/contracts";
import type { ArtifactStore, JsonObject, NewArtifact, ObjectBody } from "@koan/contracts";
import type { ArtifactReader, ArtifactWriter, Materializer } from "../materializers/materializer.js";

/**
 * Saves one output value under a fresh key. The content hash covers each
 * file's name and bytes in write order, computed while streaming.
 */
export async function saveArtifact(options: {
  store: ArtifactStore;
  key: string;
  value: unknown;
  materializer: Materializer;
  outputName: string;
  extraMetadata: JsonObject;
}): Promise<NewArtifact> {
  const { store, key, value, materializer } = options;
  // The content hash is the hash of each file's name and own digest, in write
  // order: framing by digest means no two different file sets hash alike.
  const hash = createHash("sha256");
  let size = 0;
  const writer: ArtifactWriter = {
    async write(file, body) {
      if (!isPlainFileName(file)) {
        throw new MaterializerError(`Materializer "${materializer.id}" wrote an invalid file name "${file}": use names like data.json or parts/0.bin`);
      }
      const fileHash = createHash("sha256");
      if (body instanceof Uint8Array) {
        // Start the write first, then hash alongside it: the store's I/O runs off the main thread.
        const writing = store.put(`${key}/${file}`, body);
        await hashAlongside(fileHash, body, writing);
        size += body.byteLength;
        hash.update(`${file}\0${fileHash.digest("hex")}\n`);
        return;
      }
      const counted = count(body, (chunk) => {
        fileHash.update(chunk);
        size += chunk.byteLength;
      });
      await store.put(`${key}/${file}`, counted);
      hash.update(`${file}\0${fileHash.digest("hex")}\n`);
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
    contentHash: `sha256:${hash.digest("hex")}`,
    metadata: { ...facts, ...options.extraMetadata },
    outputName: options.outputName,
  };
}

/** Bytes hashed before the event loop gets a turn (a few ms of SHA-256); well under the local store's 16 MiB write chunk. */
const HASH_SLICE = 4 * 1024 * 1024;

/**
 * Hashes `bytes` in slices, giving the event loop a turn between slices so
 * that `writing` (started just before) keeps the disk busy meanwhile; then
 * waits for the write. Saving a large buffer takes about the longer of the
 * two instead of their sum. A body under one slice is hashed in one go.
 */
async function hashAlongside(hash: Hash, bytes: Uint8Array, writing: Promise<unknown>): Promise<void> {
  // Observe a failed write at once (no unhandled rejection while hashing); it is rethrown below.
  writing.catch(() => undefined);
  for (let offset = 0; offset < bytes.byteLength; offset += HASH_SLICE) {
    hash.update(bytes.subarray(offset, offset + HASH_SLICE));
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
