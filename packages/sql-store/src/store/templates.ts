import type { Compilable, CompiledQuery, Kysely } from "kysely";
import type { Database } from "../schema.js";

/** Stands for the `index`-th value of a call while a template is compiled. */
export type Slot = <T>(index: number) => T;

interface Template {
  readonly query: CompiledQuery;
  /** For each parameter of the compiled SQL, the index of the call's value it takes, or -1 for a constant. */
  readonly sources: readonly number[];
  readonly valueCount: number;
}

/*
 * Query templates: a query compiled to SQL once and reused with new values.
 *
 * Kysely builds an immutable operation tree for every query and compiles it
 * to SQL on every call; on the engine's hot path (two transactions and a read
 * per step) that was as much CPU as SQLite's own work. A template is built
 * once with placeholder values (slots), compiled by the dialect in use (so it
 * stays dialect-neutral), and later calls only substitute the values into the
 * compiled parameters. The prepared-statement cache below then reuses the
 * statement too.
 *
 * A template's SQL must not depend on the values, only on its `shape` key:
 * callers put whatever changes the SQL (row counts, column sets, optional
 * conditions) into the key.
 */
export class QueryTemplates {
  readonly #templates = new Map<string, Template>();
  // Web Crypto's global, not node:crypto, which would cost the store's importers start-up time.
  readonly #marker = `\u0000koan-slot:${Array.from(globalThis.crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, "0")).join("")}:`;

  /** Runs the template `shape` (built by `build` on first use) with `values`; returns its rows. */
  async rows<R>(
    db: Kysely<Database>,
    shape: string,
    build: (db: Kysely<Database>, slot: Slot) => Compilable<R>,
    values: readonly unknown[],
  ): Promise<R[]> {
    let template = this.#templates.get(shape);
    if (!template) {
      template = this.#compile(db, shape, build);
      this.#templates.set(shape, template);
    }
    if (values.length !== template.valueCount) {
      throw new Error(`Query template "${shape}" takes ${template.valueCount} values, got ${values.length}`);
    }
    const constants = template.query.parameters;
    const parameters = template.sources.map((source, i) => (source < 0 ? constants[i] : values[source]));
    const result = await db.executeQuery<R>({ ...template.query, parameters } as CompiledQuery<R>);
    return result.rows;
  }

  /**
   * Inserts `rows` into `table`. Like Kysely, a column whose value is
   * `undefined` is left out (it gets its default); rows that leave out
   * different columns are inserted by Kysely directly.
   */
  async insert(db: Kysely<Database>, table: keyof Database & string, rows: ReadonlyArray<Readonly<Record<string, unknown>>>): Promise<void> {
    const first = rows[0];
    if (!first) return;
    const columns = definedColumns(first);
    const key = columns.join(",");
    if (rows.some((row) => definedColumns(row).join(",") !== key)) {
      await db.insertInto(table).values(rows as never).execute();
      return;
    }
    const values: unknown[] = [];
    for (const row of rows) for (const column of columns) values.push(row[column]);
    await this.rows(
      db,
      `insert ${table} (${columns.join(",")}) x${rows.length}`,
      (builder, slot) => {
        let next = 0;
        const slotted = rows.map(() => Object.fromEntries(columns.map((column) => [column, slot(next++)])));
        return builder.insertInto(table).values(slotted as never);
      },
      values,
    );
  }

  /** Sets `changes` on the row of `table` whose `id` is `id`. */
  async updateById(db: Kysely<Database>, table: "step_runs" | "runs", id: string, changes: Readonly<Record<string, unknown>>): Promise<void> {
    const columns = definedColumns(changes);
    await this.rows(
      db,
      `update ${table} (${columns.join(",")}) by id`,
      (builder, slot) =>
        builder
          .updateTable(table)
          .set(Object.fromEntries(columns.map((column, i) => [column, slot(i)])) as never)
          .where("id", "=", slot<string>(columns.length)),
      [...columns.map((column) => changes[column]), id],
    );
  }

  #compile(db: Kysely<Database>, shape: string, build: (db: Kysely<Database>, slot: Slot) => Compilable<unknown>): Template {
    const marker = this.#marker;
    let valueCount = 0;
    const slot = (<T>(index: number): T => {
      valueCount = Math.max(valueCount, index + 1);
      return `${marker}${index}` as T;
    }) as Slot;
    const query = build(db, slot).compile();
    const sources = query.parameters.map((parameter) =>
      typeof parameter === "string" && parameter.startsWith(marker) ? Number(parameter.slice(marker.length)) : -1,
    );
    const used = new Set(sources.filter((source) => source >= 0));
    if (used.size !== valueCount) throw new Error(`Query template "${shape}" does not use each of its ${valueCount} values`);
    return { query, sources, valueCount };
  }
}

function definedColumns(row: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(row).filter((column) => row[column] !== undefined);
}
