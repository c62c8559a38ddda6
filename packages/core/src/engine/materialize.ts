import { createHash, randomUUID } from "node:crypto";
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

function count(body: ObjectBody, onChunk: (chunk: Uint8Array) => void): ObjectBody {
  if (body instanceof Uint8Array) {
    onChunk(body);
    return body;
  }
  return (async function* () {
    for await (const chunk of body) {
      onChunk(chunk);
      yield chunk;
    }
  })();
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
