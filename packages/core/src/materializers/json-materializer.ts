import type { JsonValue, Visualization } from "@koan/contracts";
import type { Materializer } from "./materializer.js";
import { decodeKoanJson, encodeKoanJson, isKoanJsonCandidate, isPlainObject } from "./koan-json.js";

/**
 * JSON-like values: objects, arrays, numbers, booleans, null, plus Date,
 * Map, Set, bigint and nested typed arrays, which all round-trip exactly.
 */
export const jsonMaterializer: Materializer<unknown> = {
  id: "koan.json",
  canHandle: (value): value is unknown => isKoanJsonCandidate(value),
  dataType: describe,
  async save(value, writer) {
    await writer.write("data.json", Buffer.from(JSON.stringify(encodeKoanJson(value)), "utf8"));
    const facts: Record<string, JsonValue> = { type: describe(value) };
    if (Array.isArray(value)) facts.length = value.length;
    else if (value instanceof Map || value instanceof Set) facts.size = value.size;
    else if (isPlainObject(value)) facts.keys = Object.keys(value).slice(0, 50);
    return facts;
  },
  async load(reader) {
    return decodeKoanJson(JSON.parse(Buffer.from(await reader.read("data.json")).toString("utf8")) as JsonValue);
  },
  visualize(value) {
    const out: Visualization[] = [];
    const table = asTable(value);
    if (table) {
      out.push({ type: "csv", name: "table", content: toCsv(table) });
      out.push({ type: "markdown", name: "preview", content: toMarkdown(table, 20) });
    }
    out.push({ type: "json", name: "value", content: truncate(JSON.stringify(encodeKoanJson(value), null, 2), 100_000) });
    return out;
  },
};

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "Array";
  if (value instanceof Date) return "Date";
  if (value instanceof Map) return "Map";
  if (value instanceof Set) return "Set";
  if (typeof value === "object") return "Object";
  return typeof value;
}

type Table = { columns: string[]; rows: unknown[][] };

/** An array of flat records reads as a table. */
function asTable(value: unknown): Table | undefined {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isPlainObject)) return undefined;
  const columns = [...new Set(value.flatMap((row) => Object.keys(row)))];
  const rows = value.map((row) => columns.map((c) => row[c]));
  if (rows.some((r) => r.some((cell) => cell !== null && typeof cell === "object"))) return undefined;
  return { columns, rows };
}

function toCsv(table: Table): string {
  const cell = (v: unknown) => {
    const text = v === undefined || v === null ? "" : String(v);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [table.columns.map(cell).join(","), ...table.rows.map((r) => r.map(cell).join(","))].join("\n");
}

function toMarkdown(table: Table, limit: number): string {
  const cell = (v: unknown) => String(v ?? "").replaceAll("|", "\\|");
  const lines = [
    `| ${table.columns.map(cell).join(" | ")} |`,
    `| ${table.columns.map(() => "---").join(" | ")} |`,
    ...table.rows.slice(0, limit).map((r) => `| ${r.map(cell).join(" | ")} |`),
  ];
  if (table.rows.length > limit) lines.push("", `${table.rows.length - limit} more rows`);
  return lines.join("\n");
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n... (${text.length - max} more characters)`;
}
