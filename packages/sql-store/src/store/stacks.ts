import {
  AlreadyExistsError,
  NotFoundError,
  type ComponentType,
  type MetadataStore,
  type StackRecord,
} from "@koan/contracts";
import type { Kysely, Selectable } from "kysely";
import type { Database, StacksTable } from "../schema.js";
import { assertComponentType } from "./component-types.js";
import type { StoreContext } from "./context.js";
import { componentKind, hints } from "./hints.js";

export type StackMethods = Pick<MetadataStore, "saveStack" | "updateStack" | "getStack" | "listStacks" | "deleteStack">;

/** Component type -> component id, every name checked to exist, in one query. */
async function resolveComponents(
  db: Kysely<Database>,
  components: Partial<Record<ComponentType, string>>,
): Promise<Map<ComponentType, string>> {
  const wanted = Object.entries(components).flatMap(([type, name]) => {
    assertComponentType(type);
    return name === undefined ? [] : [{ type, name }];
  });
  const resolved = new Map<ComponentType, string>();
  if (wanted.length === 0) return resolved;
  const rows = await db
    .selectFrom("components")
    .select(["id", "type", "name"])
    .where((eb) => eb.or(wanted.map((w) => eb.and([eb("type", "=", w.type), eb("name", "=", w.name)]))))
    .execute();
  for (const { type, name } of wanted) {
    const row = rows.find((r) => r.type === type && r.name === name);
    if (!row) throw new NotFoundError(componentKind(type), name, hints.component(type));
    resolved.set(type, row.id);
  }
  return resolved;
}

/** Stacks with their component names: one query for all links, whatever the number of stacks. */
async function toStackRecords(db: Kysely<Database>, stacks: readonly Selectable<StacksTable>[]): Promise<StackRecord[]> {
  if (stacks.length === 0) return [];
  const links = await db
    .selectFrom("stack_components")
    .innerJoin("components", "components.id", "stack_components.component_id")
    .select(["stack_components.stack_id", "stack_components.component_type", "components.name"])
    .where(
      "stack_components.stack_id",
      "in",
      stacks.map((s) => s.id),
    )
    .orderBy("stack_components.component_type")
    .execute();
  const byStack = new Map<string, Partial<Record<ComponentType, string>>>();
  for (const link of links) {
    const components = byStack.get(link.stack_id) ?? {};
    components[link.component_type] = link.name;
    byStack.set(link.stack_id, components);
  }
  return stacks.map((s) => ({
    id: s.id,
    name: s.name,
    components: byStack.get(s.id) ?? {},
    createdAt: s.created_at,
    updatedAt: s.updated_at,
  }));
}

async function findStack(db: Kysely<Database>, name: string): Promise<Selectable<StacksTable> | undefined> {
  return db.selectFrom("stacks").selectAll().where("name", "=", name).executeTakeFirst();
}

async function getStackRecord(db: Kysely<Database>, name: string): Promise<StackRecord | undefined> {
  const row = await findStack(db, name);
  if (!row) return undefined;
  const [record] = await toStackRecords(db, [row]);
  return record;
}

export function stackMethods(ctx: StoreContext): StackMethods {
  const { db } = ctx;
  return {
    async saveStack(stack: { name: string; components: Partial<Record<ComponentType, string>> }) {
      return db.transaction().execute(async (trx) => {
        const components = await resolveComponents(trx, stack.components);
        const now = ctx.now();
        const row = { id: ctx.newId(), name: stack.name, created_at: now, updated_at: now };
        const inserted = await trx
          .insertInto("stacks")
          .values(row)
          .onConflict((oc) => oc.column("name").doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!inserted) {
          throw new AlreadyExistsError("stack", stack.name, "Use `koan stack update` to change it, or choose another name");
        }
        if (components.size > 0) {
          await trx
            .insertInto("stack_components")
            .values([...components].map(([type, id]) => ({ stack_id: row.id, component_type: type, component_id: id })))
            .execute();
        }
        const [record] = await toStackRecords(trx, [row]);
        return record as StackRecord;
      });
    },

    async updateStack(name: string, change: { name?: string; components?: Partial<Record<ComponentType, string | null>> }) {
      return db.transaction().execute(async (trx) => {
        const current = await findStack(trx, name);
        if (!current) throw new NotFoundError("stack", name, hints.stack);
        const newName = change.name ?? name;
        if (newName !== name && (await findStack(trx, newName))) {
          throw new AlreadyExistsError("stack", newName, "Choose another name, or delete that stack first");
        }

        const entries = Object.entries(change.components ?? {});
        const removed: ComponentType[] = [];
        const set: Partial<Record<ComponentType, string>> = {};
        for (const [type, value] of entries) {
          assertComponentType(type);
          if (value === null) removed.push(type);
          else if (value !== undefined) set[type] = value;
        }
        const resolved = await resolveComponents(trx, set);

        if (removed.length > 0) {
          await trx
            .deleteFrom("stack_components")
            .where("stack_id", "=", current.id)
            .where("component_type", "in", removed)
            .execute();
        }
        if (resolved.size > 0) {
          await trx
            .insertInto("stack_components")
            .values([...resolved].map(([type, id]) => ({ stack_id: current.id, component_type: type, component_id: id })))
            .onConflict((oc) =>
              oc.columns(["stack_id", "component_type"]).doUpdateSet((eb) => ({ component_id: eb.ref("excluded.component_id") })),
            )
            .execute();
        }
        await trx.updateTable("stacks").set({ name: newName, updated_at: ctx.now() }).where("id", "=", current.id).execute();
        return (await getStackRecord(trx, newName)) as StackRecord;
      });
    },

    async getStack(name: string) {
      return getStackRecord(db, name);
    },

    async listStacks() {
      const rows = await db.selectFrom("stacks").selectAll().orderBy("name").execute();
      return toStackRecords(db, rows);
    },

    async deleteStack(name: string) {
      await db.transaction().execute(async (trx) => {
        const current = await findStack(trx, name);
        if (!current) throw new NotFoundError("stack", name, hints.stack);
        // Explicit rather than relying on ON DELETE CASCADE, which needs foreign keys switched on.
        await trx.deleteFrom("stack_components").where("stack_id", "=", current.id).execute();
        await trx.deleteFrom("stacks").where("id", "=", current.id).execute();
      });
    },
  };
}
