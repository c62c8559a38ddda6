import {
  AlreadyExistsError,
  InvalidArgumentError,
  type ComponentStateKey,
  type ComponentStateQuery,
  type ComponentStateRecord,
  type ComponentStateWrite,
  type MetadataStore,
} from "@koan/contracts";
import type { Insertable, Selectable } from "kysely";
import type { ComponentStateTable } from "../schema.js";
import { assertComponentType } from "./component-types.js";
import type { StoreContext } from "./context.js";
import { componentKind } from "./hints.js";
import { parseJsonObject, toJson } from "./json.js";

export type ComponentStateMethods = Pick<
  MetadataStore,
  "putComponentState" | "getComponentState" | "listComponentState" | "deleteComponentState"
>;

const KIND_PATTERN = /^[A-Za-z0-9_.:-]{1,100}$/;
const MAX_KEY_LENGTH = 1000;

/** Kinds end up in messages and queries people type; keys are ids chosen by code, so only their size is bounded. */
function assertKey(ref: ComponentStateKey): void {
  assertComponentType(ref.componentType);
  if (typeof ref.kind !== "string" || !KIND_PATTERN.test(ref.kind)) {
    throw new InvalidArgumentError("component state kind", String(ref.kind), "use 1 to 100 letters, digits or _ - . :");
  }
  if (typeof ref.key !== "string" || ref.key.length === 0 || ref.key.length > MAX_KEY_LENGTH) {
    throw new InvalidArgumentError("component state key", String(ref.key).slice(0, 100), `use a non-empty string of at most ${MAX_KEY_LENGTH} characters`);
  }
}

function toComponentStateRecord(row: Selectable<ComponentStateTable>): ComponentStateRecord {
  return {
    id: row.id,
    componentType: row.component_type,
    componentName: row.component_name,
    kind: row.kind,
    key: row.key,
    data: parseJsonObject(row.data),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function componentStateMethods(ctx: StoreContext): ComponentStateMethods {
  const { db } = ctx;
  const byKey = (ref: ComponentStateKey) =>
    db
      .selectFrom("component_state")
      .selectAll()
      .where("component_type", "=", ref.componentType)
      .where("kind", "=", ref.kind)
      .where("key", "=", ref.key);

  return {
    async putComponentState(record: ComponentStateWrite) {
      assertKey(record);
      const now = ctx.now();
      const row = {
        id: ctx.newId(),
        component_type: record.componentType,
        component_name: record.componentName ?? null,
        kind: record.kind,
        key: record.key,
        data: toJson(record.data),
        created_at: now,
        updated_at: now,
      } satisfies Insertable<ComponentStateTable>;
      // One statement either way, so no read and write of other writers interleave. It still runs in
      // a transaction: that takes the store's process-wide write lock (see sqlite/dialect.ts).
      const written = await db.transaction().execute((trx) =>
        trx
        .insertInto("component_state")
        .values(row)
        .onConflict((oc) =>
          record.ifAbsent
            ? oc.columns(["component_type", "kind", "key"]).doNothing()
            : oc.columns(["component_type", "kind", "key"]).doUpdateSet({
                component_name: row.component_name,
                data: row.data,
                updated_at: row.updated_at,
              }),
        )
        .returningAll()
        .executeTakeFirst(),
      );
      if (!written) {
        throw new AlreadyExistsError(
          `${componentKind(record.componentType)} ${record.kind}`,
          record.key,
          "Choose another key, or write without `ifAbsent` to replace it",
        );
      }
      return toComponentStateRecord(written);
    },

    async getComponentState(ref: ComponentStateKey) {
      assertKey(ref);
      const row = await byKey(ref).executeTakeFirst();
      return row && toComponentStateRecord(row);
    },

    async listComponentState(query: ComponentStateQuery) {
      assertComponentType(query.componentType);
      let q = db
        .selectFrom("component_state")
        .selectAll()
        .where("component_type", "=", query.componentType)
        .where("kind", "=", query.kind)
        .orderBy("id", "desc");
      if (query.componentName !== undefined) {
        q = query.componentName === null ? q.where("component_name", "is", null) : q.where("component_name", "=", query.componentName);
      }
      const rows = await q.execute();
      return rows.map(toComponentStateRecord);
    },

    async deleteComponentState(ref: ComponentStateKey) {
      assertKey(ref);
      const result = await db.transaction().execute((trx) =>
        trx
          .deleteFrom("component_state")
          .where("component_type", "=", ref.componentType)
          .where("kind", "=", ref.kind)
          .where("key", "=", ref.key)
          .executeTakeFirst(),
      );
      return Number(result.numDeletedRows) > 0;
    },
  };
}
