import { describe, expect, it } from "vitest";
import { NotSupportedError } from "@koan/core";
import type { FeatureStore, FeatureViewInfo, JsonValue } from "@koan/core/contracts";
import { expectKoanError } from "./expect-error.js";
import { DEFAULT_TIMEOUT_MS, itWith } from "./suite.js";
import type { SuiteOptions } from "./suite.js";

/** One feature value row of the fixture: an entity's features at an event time. */
export interface FixtureRow {
  readonly view: string;
  /** Entity key -> value, e.g. `{ driver_id: 1001 }`. */
  readonly entity: Readonly<Record<string, JsonValue>>;
  readonly eventTimestamp: Date;
  readonly values: Readonly<Record<string, JsonValue>>;
}

/** The data the suite expects the store to hold: load it in `create`. */
export interface FeatureStoreFixture {
  readonly views: readonly FeatureViewInfo[];
  readonly rows: readonly FixtureRow[];
}

const day = (d: string) => new Date(`${d}T00:00:00.000Z`);

/** Two views keyed by `driver_id`; `driver_stats` keeps values for 30 days. */
export const FEATURE_STORE_FIXTURE: FeatureStoreFixture = {
  views: [
    {
      name: "driver_stats",
      entities: ["driver_id"],
      features: [
        { name: "conv_rate", dtype: "float64" },
        { name: "trips", dtype: "int64" },
      ],
      ttlSeconds: 30 * 24 * 3600,
      online: true,
      tags: { team: "rides" },
    },
    {
      name: "driver_profile",
      entities: ["driver_id"],
      features: [{ name: "city", dtype: "string" }],
      ttlSeconds: null,
      online: true,
      tags: {},
    },
  ],
  rows: [
    { view: "driver_stats", entity: { driver_id: 1001 }, eventTimestamp: day("2024-01-01"), values: { conv_rate: 0.5, trips: 10 } },
    { view: "driver_stats", entity: { driver_id: 1001 }, eventTimestamp: day("2024-01-03"), values: { conv_rate: 0.6, trips: 12 } },
    { view: "driver_stats", entity: { driver_id: 1002 }, eventTimestamp: day("2024-01-02"), values: { conv_rate: 0.9, trips: 3 } },
    { view: "driver_stats", entity: { driver_id: 1003 }, eventTimestamp: day("2023-10-01"), values: { conv_rate: 0.1, trips: 1 } },
    { view: "driver_profile", entity: { driver_id: 1001 }, eventTimestamp: day("2023-06-01"), values: { city: "Oslo" } },
    { view: "driver_profile", entity: { driver_id: 1002 }, eventTimestamp: day("2023-06-01"), values: { city: "Lima" } },
  ],
};

export interface FeatureStoreSuiteOptions extends Omit<SuiteOptions<FeatureStore>, "create"> {
  /** Creates a store holding `fixture` (in its offline store; the online store empty if it materializes). */
  create(fixture: FeatureStoreFixture): Promise<FeatureStore>;
  readonly capabilities: {
    /**
     * `materialize` copies offline values to the online store. Without it the
     * store serves online values on its own and `materialize` raises
     * `NotSupportedError`.
     */
    readonly materialize: boolean;
  };
}

const CONV = "driver_stats:conv_rate";
const TRIPS = "driver_stats:trips";
const CITY = "driver_profile:city";

/**
 * The feature store contract: the registry's views, point-in-time correct
 * historical joins (no future values, TTL, missing entities, order and
 * pass-through columns), and online serving before and after
 * materialization of a `[start, end)` window.
 */
export function featureStoreSuite(options: FeatureStoreSuiteOptions): void {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const canMaterialize = options.capabilities.materialize;

  describe(`${options.name}: feature store conformance`, () => {
    // A fresh store per test: materialization changes the online store.
    const withStore = async (test: (store: FeatureStore) => Promise<void>) => {
      const store = await options.create(FEATURE_STORE_FIXTURE);
      try {
        await test(store);
      } finally {
        try {
          await options.cleanup?.(store);
        } finally {
          await store.close?.();
        }
      }
    };

    it("identifies itself as a feature store", () =>
      withStore(async (store) => {
        expect(store.type).toBe("feature_store");
        expect(store.specVersion).toBe(1);
        expect(typeof store.flavor).toBe("string");
      }), timeout);

    it("lists the registry's feature views with their entities, features, TTL and tags", () =>
      withStore(async (store) => {
        const views = await store.listFeatureViews();
        const byName = new Map(views.map((v) => [v.name, v]));
        for (const expected of FEATURE_STORE_FIXTURE.views) {
          const view = byName.get(expected.name);
          expect(view, `view ${expected.name}`).toBeDefined();
          expect(view?.entities).toEqual(expected.entities);
          expect(view?.features.map((f) => f.name).sort()).toEqual(expected.features.map((f) => f.name).sort());
          expect(view?.ttlSeconds).toBe(expected.ttlSeconds);
          expect(view?.tags).toMatchObject(expected.tags);
        }
      }), timeout);

    it("joins historical features as of each row's time: never a later value", () =>
      withStore(async (store) => {
        const rows = await store.getHistoricalFeatures({
          features: [CONV, TRIPS],
          entityRows: [
            { driver_id: 1001, event_timestamp: day("2024-01-02"), label: 1 },
            { driver_id: 1001, event_timestamp: day("2024-01-04"), label: 0 },
            { driver_id: 1002, event_timestamp: day("2024-01-02"), label: 1 },
            { driver_id: 1001, event_timestamp: day("2023-12-31"), label: 0 },
          ],
        });
        expect(rows.length).toBe(4);
        expect(rows.map((r) => r.driver_id)).toEqual([1001, 1001, 1002, 1001]);
        expect(rows.map((r) => r.label)).toEqual([1, 0, 1, 0]);
        expect(rows.map((r) => r[CONV] ?? null)).toEqual([0.5, 0.6, 0.9, null]);
        expect(rows.map((r) => r[TRIPS] ?? null)).toEqual([10, 12, 3, null]);
        const first = rows[0]?.event_timestamp;
        expect(first instanceof Date ? first.getTime() : new Date(String(first)).getTime()).toBe(day("2024-01-02").getTime());
      }), timeout);

    it("leaves features null past their TTL and for unknown entities; joins several views", () =>
      withStore(async (store) => {
        const rows = await store.getHistoricalFeatures({
          features: [CONV, CITY],
          entityRows: [
            { driver_id: 1003, event_timestamp: day("2024-01-05") },
            { driver_id: 1003, event_timestamp: day("2023-10-15") },
            { driver_id: 9999, event_timestamp: day("2024-01-05") },
            { driver_id: 1002, event_timestamp: day("2024-01-05") },
          ],
        });
        expect(rows.map((r) => r[CONV] ?? null)).toEqual([null, 0.1, null, 0.9]);
        expect(rows.map((r) => r[CITY] ?? null)).toEqual([null, null, null, "Lima"]);
      }), timeout);

    it("serves nothing online for an unknown entity, one row per entity in request order", () =>
      withStore(async (store) => {
        if (canMaterialize) await store.materialize(day("2023-01-01"), day("2025-01-01"));
        const rows = await store.getOnlineFeatures({ features: [CONV, CITY], entities: { driver_id: [1002, 9999, 1001] } });
        expect(rows.map((r) => r.driver_id)).toEqual([1002, 9999, 1001]);
        expect(rows.map((r) => r[CONV] ?? null)).toEqual([0.9, null, 0.6]);
        expect(rows.map((r) => r[CITY] ?? null)).toEqual(["Lima", null, "Oslo"]);
      }), timeout);

    itWith(
      canMaterialize,
      "materialize copies the values of [start, end) to the online store, latest first",
      "this store serves online values without materialization",
      () =>
        withStore(async (store) => {
          const before = await store.getOnlineFeatures({ features: [CONV], entities: { driver_id: [1001] } });
          expect(before.map((r) => r[CONV] ?? null)).toEqual([null]);
          // The end is exclusive: the 2024-01-03 value is not copied yet.
          await store.materialize(day("2024-01-01"), day("2024-01-03"));
          const mid = await store.getOnlineFeatures({ features: [CONV, TRIPS], entities: { driver_id: [1001, 1002] } });
          expect(mid.map((r) => r[CONV] ?? null)).toEqual([0.5, 0.9]);
          expect(mid.map((r) => r[TRIPS] ?? null)).toEqual([10, 3]);
          await store.materialize(day("2024-01-03"), day("2024-01-04"));
          const after = await store.getOnlineFeatures({ features: [CONV], entities: { driver_id: [1001] } });
          expect(after.map((r) => r[CONV] ?? null)).toEqual([0.6]);
        }),
      timeout,
    );

    itWith(
      canMaterialize,
      "materialize limited to some views leaves the others alone",
      "this store serves online values without materialization",
      () =>
        withStore(async (store) => {
          await store.materialize(day("2023-01-01"), day("2025-01-01"), { views: ["driver_profile"] });
          const rows = await store.getOnlineFeatures({ features: [CONV, CITY], entities: { driver_id: [1001] } });
          expect(rows[0]?.[CITY]).toBe("Oslo");
          expect(rows[0]?.[CONV] ?? null).toBeNull();
        }),
      timeout,
    );

    itWith(
      !canMaterialize,
      "materialize raises NotSupportedError",
      "this store materializes",
      () =>
        withStore(async (store) => {
          await expectKoanError(store.materialize(day("2024-01-01"), day("2024-01-02")), NotSupportedError, "NOT_SUPPORTED");
        }),
      timeout,
    );
  });
}
