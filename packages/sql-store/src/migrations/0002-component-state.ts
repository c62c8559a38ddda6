import type { Kysely } from "kysely";
import type { Migration } from "./migration.js";

/*
 * State that components keep for other processes to find (a model deployer's
 * services). Keyed by (component_type, kind, key); no foreign key to
 * `components`, because in-code components are not registered there and a
 * record may outlive the component that wrote it (a service still running
 * after its deployer was unregistered).
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("component_state")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("component_type", "text", (c) => c.notNull())
    .addColumn("component_name", "text")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    // The target of putComponentState's INSERT ... ON CONFLICT.
    .addUniqueConstraint("component_state_type_kind_key_unique", ["component_type", "kind", "key"])
    .execute();
  // listComponentState: equality on type and kind, newest id first, one index walk.
  await db.schema
    .createIndex("component_state_type_kind_id_idx")
    .on("component_state")
    .columns(["component_type", "kind", "id"])
    .execute();
}

export const componentStateMigration: Migration = { version: 2, name: "component-state", up };
