/**
 * Seeded shuffling and stratified train/test splitting.
 *
 * "Stratified" means each class keeps (up to rounding) the same share in the
 * train and test sets as in the full dataset, which matters for imbalanced
 * labels such as churn.
 */

import { mulberry32, randomInt, type Rng } from "./random.js";

export interface SplitOptions {
  /** Share of each class that goes to the test set, strictly between 0 and 1. */
  readonly testFraction: number;
  /** Integer seed; the same seed and input always give the same split. */
  readonly seed: number;
}

export interface TrainTestSplit<T> {
  readonly train: T[];
  readonly test: T[];
}

/** Fisher-Yates shuffle into a new array; the input is not modified. */
export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/**
 * Split `items` into train and test sets, stratified by `labelOf(item)`.
 * Within every class, round(classSize * testFraction) items go to test.
 * Both outputs are shuffled, so classes are interleaved.
 */
export function stratifiedSplit<T>(
  items: readonly T[],
  labelOf: (item: T) => string | number,
  options: SplitOptions,
): TrainTestSplit<T> {
  const { testFraction, seed } = options;
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new Error(`testFraction must be between 0 and 1 (exclusive), got ${testFraction}`);
  }
  const rng = mulberry32(seed);

  const byClass = new Map<string | number, T[]>();
  for (const item of items) {
    const key = labelOf(item);
    const group = byClass.get(key);
    if (group === undefined) byClass.set(key, [item]);
    else group.push(item);
  }

  // Visit classes in a fixed order so the result does not depend on which
  // class happens to appear first in the input.
  const keys = [...byClass.keys()].sort((a, b) => String(a).localeCompare(String(b)));
  const train: T[] = [];
  const test: T[] = [];
  for (const key of keys) {
    const group = shuffle(byClass.get(key) ?? [], rng);
    const nTest = Math.round(group.length * testFraction);
    test.push(...group.slice(0, nTest));
    train.push(...group.slice(nTest));
  }
  return { train: shuffle(train, rng), test: shuffle(test, rng) };
}
