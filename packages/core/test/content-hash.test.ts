import { randomFillSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KoanError } from "../src/contracts.js";
import { blake3, defaultBlake3Loaders, loadBlake3, type Blake3, type Blake3Loaders } from "../src/util/content-hash.js";

/** Loaders as on a platform with no prebuilt binary: the native addon fails to load. */
const withoutNative: Blake3Loaders = {
  ...defaultBlake3Loaders,
  native: () => {
    throw new Error("Cannot find native binding");
  },
};

const wasmOnly = () => loadBlake3(withoutNative);

async function hexOf(implementation: Blake3, chunks: Uint8Array[]): Promise<string> {
  const digest = await implementation.newDigest();
  for (const chunk of chunks) digest.update(chunk);
  return digest.hex();
}

/** The official test vectors' input: byte i is i mod 251. */
function vectorInput(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => i % 251);
}

/** Cuts `bytes` into uneven pieces (sizes cycle through `sizes`), as a stream might deliver them. */
function unevenChunks(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0, i = 0; offset < bytes.byteLength; i++) {
    const size = sizes[i % sizes.length] as number;
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

describe("content hash (BLAKE3)", () => {
  it("loads the native implementation where its binary exists (linux-x64 here), once per process", async () => {
    const first = await blake3();
    expect(first.implementation).toBe("native");
    expect(await blake3()).toBe(first);
  });

  it("falls back to WebAssembly when the native addon does not load", async () => {
    const wasm = await wasmOnly();
    expect(wasm.implementation).toBe("wasm");
    expect(await hexOf(wasm, [new TextEncoder().encode("abc")])).toBe(await hexOf(await blake3(), [new TextEncoder().encode("abc")]));
  });

  it("a failing WebAssembly fallback is an error, not a silent other algorithm", async () => {
    const noWasmEither: Blake3Loaders = {
      ...withoutNative,
      wasm: () => {
        throw new Error("Cannot find module 'hash-wasm'");
      },
    };
    const error = await loadBlake3(noWasmEither).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KoanError);
    expect((error as KoanError).code).toBe("CONTENT_HASH_UNAVAILABLE");
    expect((error as Error).message).toContain("Cannot find native binding");
    expect((error as Error).message).toContain("Cannot find module 'hash-wasm'");
    expect((error as Error).message).toContain("npm install");
  });

  for (const [label, load] of [
    ["native", () => loadBlake3()],
    ["wasm", wasmOnly],
  ] as const) {
    describe(`the ${label} implementation`, () => {
      it("gives BLAKE3's published digest of the empty input", async () => {
        expect(await hexOf(await load(), [])).toBe("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
        expect(await hexOf(await load(), [new Uint8Array(0), new Uint8Array(0)])).toBe("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
      });

      it("gives BLAKE3's published digests of the 1-byte and 1,024-byte vectors", async () => {
        const implementation = await load();
        expect(await hexOf(implementation, [vectorInput(1)])).toBe("2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213");
        expect(await hexOf(implementation, [vectorInput(1024)])).toBe("42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7");
      });

      it("keeps concurrent digests apart", async () => {
        const implementation = await load();
        const a = await implementation.newDigest();
        const b = await implementation.newDigest();
        a.update(vectorInput(1));
        b.update(vectorInput(1024));
        expect(b.hex()).toBe("42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7");
        expect(a.hex()).toBe("2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213");
      });
    });
  }

  it("native and WebAssembly agree on 37 MiB of random bytes, each fed in different uneven chunks", async () => {
    const bytes = randomFillSync(new Uint8Array(37 * 1024 * 1024 + 5));
    const native = await hexOf(await loadBlake3(), unevenChunks(bytes, [4 * 1024 * 1024, 1, 1023, 65_537, 3 * 1024 * 1024 + 7]));
    const wasm = await hexOf(await wasmOnly(), unevenChunks(bytes, [5 * 1024 * 1024 + 1, 17, 1024 * 1024]));
    expect(native).toMatch(/^[0-9a-f]{64}$/);
    expect(wasm).toBe(native);
    // Whole, in one update, too.
    expect(await hexOf(await loadBlake3(), [bytes])).toBe(native);
  }, 120_000);
});
