import { createHash } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Deterministic pseudo-random bytes (xorshift32), so large bodies are not one repeated byte. */
export function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(length / 4));
  let x = seed >>> 0 || 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  return new Uint8Array(words.buffer, 0, length);
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Yields `bytes` in chunks, letting other work run between them as a network or disk source would. */
export async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) {
    yield bytes.slice(offset, Math.min(offset + size, bytes.byteLength));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.byteLength;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

let gc: (() => void) | undefined;

/**
 * A full garbage collection, so a memory reading counts only what is still
 * referenced. `--expose-gc` can be switched on at run time; the function
 * then exists in every new context.
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}

/**
 * Tracks how far the bytes held in `ArrayBuffer`s (where every `Buffer` and
 * `Uint8Array` lives) grow above a baseline, measured after a full GC.
 */
export class MemoryProbe {
  readonly #baseline: number;
  #peak = 0;

  constructor() {
    collectGarbage();
    this.#baseline = process.memoryUsage().arrayBuffers;
  }

  sample(): void {
    collectGarbage();
    this.#peak = Math.max(this.#peak, process.memoryUsage().arrayBuffers - this.#baseline);
  }

  /** The largest growth seen, in bytes. */
  get peakGrowth(): number {
    return this.#peak;
  }
}

/**
 * A streamed body of `size` pseudo-random bytes made on the fly, one fresh
 * chunk at a time, so the source itself never holds more than one chunk.
 * Hashes what it yields and samples memory every few chunks.
 */
export class GeneratedBody implements AsyncIterable<Uint8Array> {
  readonly #hash = createHash("sha256");
  #digest: string | undefined;
  #yielded = 0;

  constructor(
    readonly size: number,
    readonly chunkSize: number,
    readonly seed: number,
    readonly probe?: MemoryProbe,
    readonly sampleEvery = 4,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    let index = 0;
    for (let offset = 0; offset < this.size; offset += this.chunkSize) {
      const chunk = pseudoRandomBytes(Math.min(this.chunkSize, this.size - offset), this.seed + index);
      this.#hash.update(chunk);
      this.#yielded += chunk.byteLength;
      if (this.probe && index % this.sampleEvery === 0) this.probe.sample();
      index++;
      yield chunk;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // Runs when the consumer asks past the last chunk: a store that buffers
    // the whole body holds all of it now.
    this.probe?.sample();
    this.#digest = this.#hash.digest("hex");
  }

  /** How many bytes were handed out. */
  get yielded(): number {
    return this.#yielded;
  }

  /** SHA-256 of the whole body; only once it was consumed to its end. */
  get digest(): string {
    if (this.#digest === undefined) throw new Error("The body was not consumed to its end.");
    return this.#digest;
  }
}

/** Hashes a stream as it arrives, sampling memory every `sampleEveryBytes`. */
export async function hashStream(
  chunks: AsyncIterable<Uint8Array>,
  probe?: MemoryProbe,
  sampleEveryBytes = 4 * 1024 * 1024,
): Promise<{ digest: string; size: number; chunks: number }> {
  const hash = createHash("sha256");
  let size = 0;
  let count = 0;
  let nextSample = 0;
  for await (const chunk of chunks) {
    hash.update(chunk);
    size += chunk.byteLength;
    count++;
    if (probe && size >= nextSample) {
      probe.sample();
      nextSample = size + sampleEveryBytes;
    }
  }
  probe?.sample();
  return { digest: hash.digest("hex"), size, chunks: count };
}

export const MiB = 1024 * 1024;
