// Side-by-side rounds: in each round every case runs once with each tool,
// Koan first in even rounds and ZenML first in odd ones, so drift on a shared
// machine (another job, a warm cache) falls on both alike.
import { median } from "./stats.mjs";

/**
 * cases: [{ key, koan?: () => Promise<number>, zenml?: () => Promise<number> }],
 * each function returning one sample in ms. Returns key -> { koan: [...], zenml: [...] }.
 */
export async function alternate(ctx, rounds, cases, label) {
  const samples = new Map(cases.map((c) => [c.key, { koan: [], zenml: [] }]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ["koan", "zenml"] : ["zenml", "koan"];
    for (const c of cases) {
      for (const side of order) {
        const fn = c[side];
        if (!fn) continue;
        const value = await fn(round);
        if (value === undefined) continue; // this side sits this round out
        samples.get(c.key)[side].push(value);
        ctx.progress(`${label} ${c.key} ${side} round ${round + 1}/${rounds}: ${value.toFixed(1)} ms`);
      }
    }
  }
  return samples;
}

export function medians(samples) {
  return { koan: median(samples.koan), zenml: samples.zenml.length ? median(samples.zenml) : Number.NaN };
}
