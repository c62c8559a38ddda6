// Small statistics over timing samples (milliseconds).

export function median(samples) {
  return percentile(samples, 50);
}

/** Linear interpolation between closest ranks; NaN for no samples. */
export function percentile(samples, p) {
  const sorted = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function min(samples) {
  return Math.min(...samples);
}
