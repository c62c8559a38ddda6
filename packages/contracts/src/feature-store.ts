import type { StackComponent } from "./component-type.js";
import type { JsonObject, JsonValue } from "./json.js";

/**
 * A feature reference: `"<view>:<feature>"`, e.g. `"driver_stats:conv_rate"`.
 * Result rows use the same string as the column name (the tool may also
 * return the bare feature name when configured to; flavors document it).
 */
export type FeatureRef = string;

/** A request for the latest feature values of some entities, served from the online store. */
export interface OnlineFeaturesRequest {
  readonly features: readonly FeatureRef[];
  /**
   * Entity key -> one value per entity, all arrays the same length:
   * `{ driver_id: [1001, 1002] }` asks for two entities.
   */
  readonly entities: Readonly<Record<string, readonly JsonValue[]>>;
}

/** One row per requested entity, in request order: the entity keys plus each feature (`null` when missing). */
export type FeatureRow = JsonObject;

/** An entity row for a point-in-time join: entity keys plus the time to look features up at. */
export interface EntityRow {
  /** Values are as-of this instant: no feature value written later is used. */
  readonly event_timestamp: Date;
  /** Entity keys (and any extra columns, which are passed through to the result). */
  readonly [key: string]: JsonValue | Date;
}

/** A request for training data, from the offline store. */
export interface HistoricalFeaturesRequest {
  readonly entityRows: readonly EntityRow[];
  readonly features: readonly FeatureRef[];
}

/** One historical row: the entity row with its features joined on. */
export type HistoricalFeatureRow = Readonly<Record<string, JsonValue | Date>>;

/** A feature view as registered in the store's registry. */
export interface FeatureViewInfo {
  readonly name: string;
  /** Names of the entities it is keyed by. */
  readonly entities: readonly string[];
  readonly features: ReadonlyArray<{ readonly name: string; readonly dtype: string }>;
  /** How long a value stays valid, in seconds; `null` for forever. */
  readonly ttlSeconds: number | null;
  readonly online: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Serves features from one registry: an offline store for point-in-time
 * correct training data and an online store for low-latency inference,
 * kept in sync by materialization.
 */
export interface FeatureStore extends StackComponent<"feature_store"> {
  readonly specVersion: 1;
  /** Latest values for the given entities; one row per entity. */
  getOnlineFeatures(request: OnlineFeaturesRequest): Promise<FeatureRow[]>;
  /** Point-in-time join of features onto entity rows; one row per entity row, in order. */
  getHistoricalFeatures(request: HistoricalFeaturesRequest): Promise<HistoricalFeatureRow[]>;
  /** Every feature view in the registry. */
  listFeatureViews(): Promise<FeatureViewInfo[]>;
  /**
   * Copies feature values with event times in `[start, end)` from the
   * offline to the online store, for all views or only `views`. Flavors
   * that materialize on their own throw `NotSupportedError`.
   */
  materialize(start: Date, end: Date, options?: { readonly views?: readonly string[] }): Promise<void>;
}
