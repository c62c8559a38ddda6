import { readFile } from "node:fs/promises";
import { KoanError } from "@koan/core";
import type {
  EntityRow,
  FeatureRow,
  FeatureStore,
  FeatureViewInfo,
  HistoricalFeatureRow,
  HistoricalFeaturesRequest,
  JsonValue,
  OnlineFeaturesRequest,
} from "@koan/core/contracts";

/** One row of the offline store: an entity's feature values at an event time. */
export interface OfflineRow {
  readonly view: string;
  readonly entity: Readonly<Record<string, JsonValue>>;
  readonly eventTimestamp: Date;
  readonly values: Readonly<Record<string, JsonValue>>;
}

/** The offline store as a JSON file: `{ "views": [...], "rows": [{ ..., "eventTimestamp": "2024-01-01T00:00:00Z" }] }`. */
export async function readOfflineStore(path: string): Promise<{ views: FeatureViewInfo[]; rows: OfflineRow[] }> {
  const parsed = JSON.parse(await readFile(path, "utf8")) as { views?: FeatureViewInfo[]; rows?: Array<Omit<OfflineRow, "eventTimestamp"> & { eventTimestamp: string }> };
  return {
    views: parsed.views ?? [],
    rows: (parsed.rows ?? []).map((row) => ({ ...row, eventTimestamp: new Date(row.eventTimestamp) })),
  };
}

/**
 * An offline store of rows with event times and an online store of the
 * latest values per entity, filled by `materialize`. A client for a real
 * feature store (Feast) calls its SDK or feature server for the same
 * operations and keeps their meaning: point-in-time joins never use a value
 * from after the entity row's time, and values past the view's TTL are null.
 */
export class TemplateFeatureStore implements FeatureStore {
  readonly specVersion = 1 as const;
  readonly type = "feature_store" as const;
  readonly flavor = "template";
  readonly #views: Map<string, FeatureViewInfo>;
  /** view -> entity key -> latest materialized row. */
  readonly #online = new Map<string, Map<string, OfflineRow>>();

  constructor(
    views: readonly FeatureViewInfo[],
    readonly rows: readonly OfflineRow[],
  ) {
    this.#views = new Map(views.map((v) => [v.name, v]));
  }

  async listFeatureViews(): Promise<FeatureViewInfo[]> {
    return [...this.#views.values()];
  }

  async getOnlineFeatures(request: OnlineFeaturesRequest): Promise<FeatureRow[]> {
    const refs = request.features.map((ref) => this.#ref(ref));
    const count = Object.values(request.entities)[0]?.length ?? 0;
    return Array.from({ length: count }, (_, i) => {
      const entity = Object.fromEntries(Object.entries(request.entities).map(([key, values]) => [key, values[i] ?? null]));
      const row: FeatureRow = { ...entity };
      for (const { ref, view, feature } of refs) {
        const stored = this.#online.get(view.name)?.get(entityKey(view, entity));
        row[ref] = stored?.values[feature] ?? null;
      }
      return row;
    });
  }

  async getHistoricalFeatures(request: HistoricalFeaturesRequest): Promise<HistoricalFeatureRow[]> {
    const refs = request.features.map((ref) => this.#ref(ref));
    return request.entityRows.map((entityRow) => {
      const row: Record<string, JsonValue | Date> = { ...entityRow };
      for (const { ref, view, feature } of refs) row[ref] = this.#asOf(view, entityRow)?.values[feature] ?? null;
      return row;
    });
  }

  async materialize(start: Date, end: Date, options: { readonly views?: readonly string[] } = {}): Promise<void> {
    for (const row of this.rows) {
      if (options.views && !options.views.includes(row.view)) continue;
      if (row.eventTimestamp < start || row.eventTimestamp >= end) continue;
      const view = this.#views.get(row.view);
      if (!view) continue;
      const online = this.#online.get(view.name) ?? new Map<string, OfflineRow>();
      this.#online.set(view.name, online);
      const key = entityKey(view, row.entity);
      const current = online.get(key);
      if (!current || current.eventTimestamp <= row.eventTimestamp) online.set(key, row);
    }
  }

  /** The latest row of a view for an entity at or before the entity row's time, within the TTL. */
  #asOf(view: FeatureViewInfo, entityRow: EntityRow): OfflineRow | undefined {
    const at = entityRow.event_timestamp.getTime();
    const oldest = view.ttlSeconds === null ? Number.NEGATIVE_INFINITY : at - view.ttlSeconds * 1000;
    const key = entityKey(view, entityRow);
    let best: OfflineRow | undefined;
    for (const row of this.rows) {
      const time = row.eventTimestamp.getTime();
      if (row.view !== view.name || time > at || time < oldest || entityKey(view, row.entity) !== key) continue;
      if (!best || time >= best.eventTimestamp.getTime()) best = row;
    }
    return best;
  }

  #ref(ref: string): { ref: string; view: FeatureViewInfo; feature: string } {
    const [viewName, feature, ...rest] = ref.split(":");
    const view = this.#views.get(viewName ?? "");
    if (!view || !feature || rest.length > 0 || !view.features.some((f) => f.name === feature)) {
      throw new KoanError("UNKNOWN_FEATURE", `Unknown feature "${ref}"; write it as "<view>:<feature>" with a registered view.`);
    }
    return { ref, view, feature };
  }
}

function entityKey(view: FeatureViewInfo, source: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(view.entities.map((name) => source[name] ?? null));
}
