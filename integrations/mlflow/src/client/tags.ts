/** MLflow's key-value pair for tags and params. */
export interface MlflowTag {
  readonly key: string;
  readonly value: string;
}

/** `{ a: "1" }` as MLflow's `[{ key: "a", value: "1" }]`. */
export function tagList(tags: Readonly<Record<string, string>>): MlflowTag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** MLflow's `[{ key, value }]` as a record. */
export function tagRecord(tags: readonly MlflowTag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.key, t.value]));
}

/** Quotes a value for an MLflow filter string: `'it''s'`. */
export function filterValue(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
