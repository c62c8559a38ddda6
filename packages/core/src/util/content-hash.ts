import { createRequire } from "node:module";
import { KoanError } from "@koan/contracts";
import type { Blake3Hasher } from "@napi-rs/blake-hash";
import type { createBLAKE3 } from "hash-wasm";

/*
 * Artifact content hashes are BLAKE3: about three times SHA-256's speed on
 * one core here (about 0.3 s a GiB against 0.9 s, SHA-NI included), which is
 * what lets a large artifact be saved at close to the disk's speed. Two
 * implementations of the one algorithm, with the same digests: the native
 * addon where a prebuilt binary exists for the platform, else WebAssembly
 * (about ten times slower, but every platform hashes, and hashes alike, so
 * cache keys stay comparable across machines).
 *
 * Both are CommonJS and loaded with require(), on the first hash only: a
 * command that saves no artifact never loads either. The addon is pinned to
 * @napi-rs/blake-hash 1.3.4: 1.3.6 was published with binaries for x64
 * Linux only, so every other platform would get the slow fallback.
 */

/** The prefix of a content hash: `blake3:<64 hex digits>`. */
export const CONTENT_HASH_ALGORITHM = "blake3";

/** An incremental digest of one byte sequence. */
export interface ContentDigest {
  update(bytes: Uint8Array): void;
  /** The 32-byte digest as 64 lowercase hex digits; call once, after the last update. */
  hex(): string;
}

/** One BLAKE3 implementation, loaded. */
export interface Blake3 {
  readonly implementation: "native" | "wasm";
  newDigest(): Promise<ContentDigest>;
}

type NativeModule = { Blake3Hasher: new () => Blake3Hasher };
type WasmModule = { createBLAKE3: typeof createBLAKE3 };

const requireFromHere = createRequire(import.meta.url);

export interface Blake3Loaders {
  /** Loads the native addon; throws where it has no binary for the platform. */
  native(): NativeModule;
  wasm(): WasmModule;
}

export const defaultBlake3Loaders: Blake3Loaders = {
  native: () => requireFromHere("@napi-rs/blake-hash") as NativeModule,
  // The BLAKE3-only file of hash-wasm, not its index with every algorithm.
  wasm: () => requireFromHere("hash-wasm/dist/blake3.umd.min.js") as WasmModule,
};

let loaded: Promise<Blake3> | undefined;

/** The process's BLAKE3, loaded on first use. */
export function blake3(): Promise<Blake3> {
  loaded ??= loadBlake3();
  return loaded;
}

/** Loads the native implementation, or the WebAssembly one when the native one does not load. Loaders are injectable for tests. */
export async function loadBlake3(loaders: Blake3Loaders = defaultBlake3Loaders): Promise<Blake3> {
  let native: NativeModule | undefined;
  let nativeError: unknown;
  try {
    native = loaders.native();
  } catch (error) {
    // No prebuilt binary for this platform (or it failed to load): fall back to the same algorithm in WebAssembly.
    nativeError = error;
  }
  if (native) {
    const { Blake3Hasher: Hasher } = native;
    return {
      implementation: "native",
      newDigest: async () => {
        const hasher = new Hasher();
        return {
          // The addon takes a Buffer: view the same memory as one, without copying.
          update: (bytes) => void hasher.update(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
          hex: () => hasher.digest("hex"),
        };
      },
    };
  }
  let wasm: WasmModule;
  try {
    wasm = loaders.wasm();
  } catch (error) {
    throw new KoanError(
      "CONTENT_HASH_UNAVAILABLE",
      `Cannot hash artifacts: neither @napi-rs/blake-hash (${messageOf(nativeError)}) nor hash-wasm (${messageOf(error)}) loads. Reinstall @koan/core's dependencies (npm install).`,
      { cause: error },
    );
  }
  const { createBLAKE3: create } = wasm;
  return {
    implementation: "wasm",
    newDigest: async () => {
      // Each digest has its own instance: a materializer may write several files at once.
      const hasher = await create();
      return {
        update: (bytes) => void hasher.update(bytes),
        hex: () => hasher.digest("hex"),
      };
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error);
}
