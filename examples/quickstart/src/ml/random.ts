/**
 * A tiny seeded pseudo-random number generator.
 *
 * Every piece of randomness in the quickstart (shuffles, splits) flows through
 * an `Rng` created from an integer seed, so a pipeline run is reproducible:
 * the same seed always yields the same split and therefore the same models.
 */

/** A function returning uniformly distributed floats in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: a fast 32-bit generator with a full 2^32 period. Not
 * cryptographically secure; plenty for shuffling datasets.
 */
export function mulberry32(seed: number): Rng {
  if (!Number.isInteger(seed)) {
    throw new Error(`seed must be an integer, got ${seed}`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, maxExclusive). */
export function randomInt(rng: Rng, maxExclusive: number): number {
  return Math.floor(rng() * maxExclusive);
}
