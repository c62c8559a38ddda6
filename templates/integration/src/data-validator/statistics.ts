import type { ColumnKind, ColumnProfile, DataColumn } from "@koan/core/contracts";

export type Cell = string | number | boolean | null;

/** A column's cells as plain values, `NaN` and `undefined` read as null. */
export function cells(column: DataColumn): Cell[] {
  const out: Cell[] = [];
  for (let i = 0; i < column.length; i++) {
    const value = column[i];
    out.push(value === undefined || (typeof value === "number" && Number.isNaN(value)) ? null : value);
  }
  return out;
}

export function kindOf(values: readonly Cell[]): ColumnKind {
  const kinds = new Set(values.filter((v) => v !== null).map((v) => typeof v));
  if (kinds.size === 0) return "empty";
  if (kinds.size > 1) return "mixed";
  return [...kinds][0] as "number" | "string" | "boolean";
}

export function profileColumn(values: readonly Cell[]): ColumnProfile {
  const present = values.filter((v): v is string | number | boolean => v !== null);
  const kind = kindOf(values);
  const base = { kind, count: values.length, nulls: values.length - present.length, distinct: new Set(present).size };
  if (kind !== "number") return base;
  const numbers = present as number[];
  const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
  const stats = { min: Math.min(...numbers), max: Math.max(...numbers), mean };
  if (numbers.length < 2) return { ...base, ...stats };
  const variance = numbers.reduce((a, b) => a + (b - mean) ** 2, 0) / (numbers.length - 1);
  return { ...base, ...stats, std: Math.sqrt(variance) };
}

/** The two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical CDFs. */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : 1;
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let gap = 0;
  while (i < x.length && j < y.length) {
    const value = Math.min(x[i] as number, y[j] as number);
    while (i < x.length && (x[i] as number) <= value) i++;
    while (j < y.length && (y[j] as number) <= value) j++;
    gap = Math.max(gap, Math.abs(i / x.length - j / y.length));
  }
  return gap;
}

/** Total variation distance between the value frequencies of two columns (0 same, 1 disjoint). */
export function totalVariation(a: readonly Cell[], b: readonly Cell[]): number {
  const share = (values: readonly Cell[]) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(JSON.stringify(v), (counts.get(JSON.stringify(v)) ?? 0) + 1);
    return new Map([...counts].map(([k, n]) => [k, n / Math.max(1, values.length)]));
  };
  const p = share(a);
  const q = share(b);
  let sum = 0;
  for (const key of new Set([...p.keys(), ...q.keys()])) sum += Math.abs((p.get(key) ?? 0) - (q.get(key) ?? 0));
  return sum / 2;
}
