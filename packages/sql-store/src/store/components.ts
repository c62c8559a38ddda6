import {
  AlreadyExistsError,
  NotFoundError,
  type ComponentType,
  type JsonObject,
  type MetadataStore,
} from "@koan/contracts";
import type { Insertable, Updateable } from "kysely";
import { ComponentInUseError } from "../errors.js";
import type { ComponentsTable } from "../schema.js";
import { assertComponentType } from "./component-types.js";
import type { StoreContext } from "./context.js";
import { componentCommand, componentKind, hints } from "./hints.js";
import { toJson } from "./json.js";
import { toComponentRecord } from "./rows.js";

export type ComponentMethods = Pick<
  MetadataStore,
  "saveComponent" | "updateComponent" | "getComponent" | "listComponents" | "deleteComponent"
>;

function alreadyExists(type: ComponentType, name: string): AlreadyExistsError {
  return new AlreadyExistsError(
    componentKind(type),
    name,
    `Use \`${componentCommand(type)} update\` to change it, or choose another name`,
  );
}

export function componentMethods(ctx: StoreContext): ComponentMethods {
  const { db } = ctx;
  return {
    async saveComponent(component: { name: string; type: ComponentType; flavor: string; config: JsonObject }) {
      assertComponentType(component.type);
      return db.transaction().execute(async (trx) => {
        const now = ctx.now();
        const row = {
          id: ctx.newId(),
          type: component.type,
          name: component.name,
          flavor: component.flavor,
          config: toJson(component.config),
          created_at: now,
          updated_at: now,
        } satisfies Insertable<ComponentsTable>;
        const inserted = await trx
          .insertInto("components")
          .values(row)
          .onConflict((oc) => oc.columns(["type", "name"]).doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!inserted) throw alreadyExists(component.type, component.name);
        return toComponentRecord(row);
      });
    },

    async updateComponent(type: ComponentType, name: string, change: { name?: string; config?: JsonObject }) {
      return db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom("components")
          .selectAll()
          .where("type", "=", type)
          .where("name", "=", name)
          .executeTakeFirst();
        if (!current) throw new NotFoundError(componentKind(type), name, hints.component(type));
        if (change.name !== undefined && change.name !== name) {
          const clash = await trx
            .selectFrom("components")
            .select("id")
            .where("type", "=", type)
            .where("name", "=", change.name)
            .executeTakeFirst();
          if (clash) throw alreadyExists(type, change.name);
        }
        const changes: Updateable<ComponentsTable> = { updated_at: ctx.now() };
        if (change.name !== undefined) changes.name = change.name;
        if (change.config !== undefined) changes.config = toJson(change.config);
        await trx.updateTable("components").set(changes).where("id", "=", current.id).execute();
        // Stacks point at the component's id, so a rename carries over to every stack using it.
        return toComponentRecord({ ...current, ...changes });
      });
    },

    async getComponent(type: ComponentType, name: string) {
      const row = await db
        .selectFrom("components")
        .selectAll()
        .where("type", "=", type)
        .where("name", "=", name)
        .executeTakeFirst();
      return row && toComponentRecord(row);
    },

    async listComponents(type?: ComponentType) {
      let q = db.selectFrom("components").selectAll().orderBy("type").orderBy("name");
      if (type !== undefined) q = q.where("type", "=", type);
      const rows = await q.execute();
      return rows.map(toComponentRecord);
    },

    async deleteComponent(type: ComponentType, name: string) {
      await db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom("components")
          .select("id")
          .where("type", "=", type)
          .where("name", "=", name)
          .executeTakeFirst();
        if (!current) throw new NotFoundError(componentKind(type), name, hints.component(type));
        const users = await trx
          .selectFrom("stack_components")
          .innerJoin("stacks", "stacks.id", "stack_components.stack_id")
          .select("stacks.name")
          .where("stack_components.component_id", "=", current.id)
          .orderBy("stacks.name")
          .execute();
        if (users.length > 0) throw new ComponentInUseError(type, name, users.map((u) => u.name));
        await trx.deleteFrom("components").where("id", "=", current.id).execute();
      });
    },
  };
}
