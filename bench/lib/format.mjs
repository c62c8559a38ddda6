// Number formatting for the tables.

export function ms(value) {
  if (value === undefined || value === null || Number.isNaN(value)) return "—";
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 100) return `${Math.round(value).toLocaleString("en-US")} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

export function us(value) {
  if (value === undefined || Number.isNaN(value)) return "—";
  return `${value.toFixed(1)} µs`;
}

/** Koan time over ZenML time: below 1 means Koan is faster. */
export function ratio(koan, zenml) {
  if (!Number.isFinite(koan) || !Number.isFinite(zenml) || zenml === 0) return "—";
  const r = koan / zenml;
  return r < 0.01 ? r.toFixed(4) : r.toFixed(3);
}

/** How many times faster Koan is. */
export function speedup(koan, zenml) {
  if (!Number.isFinite(koan) || !Number.isFinite(zenml) || koan === 0) return "—";
  const s = zenml / koan;
  return `${s >= 10 ? s.toFixed(0) : s.toFixed(1)}×`;
}

export function gibs(value) {
  if (!Number.isFinite(value)) return "—";
  return `${value.toFixed(2)} GiB/s`;
}

export function pct(value) {
  if (!Number.isFinite(value)) return "—";
  return `${Math.round(value * 100)}%`;
}
