/*
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, a 12-bit counter in
 * `rand_a`, the variant bits, then 62 random bits. Because the timestamp leads
 * and the string is fixed-width lowercase hex, sorting ids as text sorts them
 * by creation time, which is what keyset pagination (`id < before`) relies on.
 *
 * Within one process ids are strictly increasing, even inside one millisecond
 * or when the wall clock steps back: `rand_a` is a counter (RFC 9562 method 1)
 * that starts at a random value below 2048 each new millisecond, so at least
 * 2048 ids fit in one millisecond; past that, the timestamp is borrowed from
 * the next millisecond instead of wrapping.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const COUNTER_MAX = 0xfff;
const COUNTER_SEED_RANGE = 0x800;

/** Returns `n` random bytes; a function so tests can make ids deterministic. */
export type RandomBytes = (n: number) => Uint8Array;

export interface UuidV7Options {
  readonly clock?: () => number;
  readonly random?: RandomBytes;
}

/**
 * A pool amortises the cost of asking the kernel for entropy once per id.
 * Web Crypto's global rather than node:crypto: importing node:crypto costs
 * every process that opens a store (every CLI command) milliseconds.
 */
function pooledRandom(): RandomBytes {
  const pool = new Uint8Array(4096);
  let offset = pool.length;
  return (n) => {
    if (offset + n > pool.length) {
      globalThis.crypto.getRandomValues(pool);
      offset = 0;
    }
    const out = pool.slice(offset, offset + n);
    offset += n;
    return out;
  };
}

/** A generator with its own monotonic state. */
export function createUuidV7Generator(options: UuidV7Options = {}): () => string {
  const clock = options.clock ?? Date.now;
  const random = options.random ?? pooledRandom();
  let lastMs = -1;
  let counter = 0;

  const seed = (): number => {
    const b = random(2);
    return (((b[0] ?? 0) << 8) | (b[1] ?? 0)) % COUNTER_SEED_RANGE;
  };

  return () => {
    const now = clock();
    if (now > lastMs) {
      lastMs = now;
      counter = seed();
    } else if (counter < COUNTER_MAX) {
      counter += 1;
    } else {
      lastMs += 1;
      counter = seed();
    }

    const bytes = new Uint8Array(16);
    // 48-bit timestamp, big-endian. Split so no bit operation exceeds 32 bits.
    const high = Math.floor(lastMs / 0x1_0000_0000);
    const low = lastMs >>> 0;
    bytes[0] = (high >>> 8) & 0xff;
    bytes[1] = high & 0xff;
    bytes[2] = (low >>> 24) & 0xff;
    bytes[3] = (low >>> 16) & 0xff;
    bytes[4] = (low >>> 8) & 0xff;
    bytes[5] = low & 0xff;
    bytes[6] = 0x70 | (counter >>> 8);
    bytes[7] = counter & 0xff;
    bytes.set(random(8), 8);
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);

    let s = "";
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) s += "-";
      s += HEX[bytes[i] ?? 0];
    }
    return s;
  };
}

/** The process-wide generator: one shared state keeps every id of the process ordered. */
export const uuidv7: () => string = createUuidV7Generator();

/** The creation time encoded in a UUIDv7, in Unix milliseconds. */
export function uuidv7Timestamp(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
