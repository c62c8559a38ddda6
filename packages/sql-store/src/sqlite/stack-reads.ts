import type BetterSqlite3 from "better-sqlite3";
import type { ComponentType, MetadataStore, StackRecord } from "@koan/contracts";

/*
 * The stack reads every CLI command starts with (`koan stack list`, and the
 * `default` stack check of opening a repository) as plain prepared
 * statements, so that a store opened for them never loads Kysely. They must
 * return exactly what store/stacks.ts returns (a test compares the two).
 */

type StackReads = Pick<MetadataStore, "listStacks" | "getStack">;

interface StackRow {
  readonly id: string;
  readonly name: string;
  readonly created_at: string;
  readonly updated_at: string;
}

interface LinkRow {
  readonly stack_id: string;
  readonly component_type: ComponentType;
  readonly name: string;
}

const LINKS = `select stack_components.stack_id, stack_components.component_type, components.name
  from stack_components inner join components on components.id = stack_components.component_id`;

/** Synchronous on purpose: the caller runs them before any transaction of the store can be open. */
export function sqliteStackReads(database: BetterSqlite3.Database): { [K in keyof StackReads]: (...args: Parameters<StackReads[K]>) => Awaited<ReturnType<StackReads[K]>> } {
  let statements:
    | { all: BetterSqlite3.Statement; allLinks: BetterSqlite3.Statement; one: BetterSqlite3.Statement; oneLinks: BetterSqlite3.Statement }
    | undefined;
  const prepared = () =>
    (statements ??= {
      all: database.prepare("select id, name, created_at, updated_at from stacks order by name"),
      allLinks: database.prepare(`${LINKS} order by stack_components.component_type`),
      one: database.prepare("select id, name, created_at, updated_at from stacks where name = ?"),
      oneLinks: database.prepare(`${LINKS} where stack_components.stack_id = ? order by stack_components.component_type`),
    });

  const toRecords = (stacks: readonly StackRow[], links: readonly LinkRow[]): StackRecord[] => {
    const byStack = new Map<string, Partial<Record<ComponentType, string>>>();
    for (const link of links) {
      const components = byStack.get(link.stack_id) ?? {};
      components[link.component_type] = link.name;
      byStack.set(link.stack_id, components);
    }
    return stacks.map((s) => ({ id: s.id, name: s.name, components: byStack.get(s.id) ?? {}, createdAt: s.created_at, updatedAt: s.updated_at }));
  };

  return {
    listStacks() {
      const { all, allLinks } = prepared();
      const stacks = all.all() as StackRow[];
      return stacks.length === 0 ? [] : toRecords(stacks, allLinks.all() as LinkRow[]);
    },
    getStack(name: string) {
      const { one, oneLinks } = prepared();
      const stack = one.get(name) as StackRow | undefined;
      return stack && toRecords([stack], oneLinks.all(stack.id) as LinkRow[])[0];
    },
  };
}
