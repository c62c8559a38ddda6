/**
 * A small, strict CSV reader for tabular training data.
 *
 * - The first line is the header; every other non-blank line is a record.
 * - Fields may be double-quoted (`"a, b"`, with `""` for a literal quote);
 *   quoted fields may not span lines.
 * - Numeric columns come back as numbers, categorical columns as strings.
 *   Column kinds are taken from `options.schema` when given, otherwise
 *   inferred: a column is numeric when every value in it parses as a finite
 *   number.
 * - Missing values are not supported: an empty field is an error.
 *
 * Every problem is reported as a `CsvParseError` that names the 1-based line
 * number in the file (the header is line 1).
 */

import { readFile } from "node:fs/promises";

export type ColumnKind = "numeric" | "categorical";
export type CellValue = number | string;
export type Row = Readonly<Record<string, CellValue>>;

export interface Table {
  readonly columns: readonly string[];
  readonly kinds: Readonly<Record<string, ColumnKind>>;
  readonly rows: readonly Row[];
}

export interface ParseCsvOptions {
  /** Kinds for some or all columns; unlisted columns are inferred. */
  readonly schema?: Readonly<Record<string, ColumnKind>>;
  /** Name of the input (e.g. a file path), used in error messages. */
  readonly source?: string;
}

export class CsvParseError extends Error {
  /** 1-based line number in the source text (the header is line 1). */
  readonly line: number;
  /** The problem, without the location prefix. */
  readonly detail: string;

  constructor(line: number, detail: string, source = "CSV") {
    super(`${source} line ${line}: ${detail}`);
    this.name = "CsvParseError";
    this.line = line;
    this.detail = detail;
  }
}

export function parseCsv(text: string, options: ParseCsvOptions = {}): Table {
  try {
    return parseCsvText(text, options.schema ?? {});
  } catch (error) {
    if (error instanceof CsvParseError && options.source !== undefined) {
      throw new CsvParseError(error.line, error.detail, options.source);
    }
    throw error;
  }
}

/** Read and parse a UTF-8 CSV file; error messages name the file and line. */
export async function readCsvFile(
  path: string,
  options: Omit<ParseCsvOptions, "source"> = {},
): Promise<Table> {
  return parseCsv(await readFile(path, "utf8"), { ...options, source: path });
}

function parseCsvText(text: string, schema: Readonly<Record<string, ColumnKind>>): Table {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);

  const headerLine = lines[0];
  if (headerLine === undefined || headerLine.trim() === "") {
    throw new CsvParseError(1, "missing header row");
  }
  const columns = splitLine(headerLine, 1).map((name) => name.trim());
  const seen = new Set<string>();
  for (const [index, name] of columns.entries()) {
    if (name === "") throw new CsvParseError(1, `header column ${index + 1} is empty`);
    if (seen.has(name)) throw new CsvParseError(1, `duplicate column name "${name}"`);
    seen.add(name);
  }
  for (const name of Object.keys(schema)) {
    if (!seen.has(name)) throw new CsvParseError(1, `schema column "${name}" is not in the header`);
  }

  // Pass 1: split records into raw string fields, remembering line numbers.
  const records: { readonly line: number; readonly fields: readonly string[] }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const lineNo = i + 1;
    if (line.trim() === "") continue;
    const fields = splitLine(line, lineNo).map((field) => field.trim());
    if (fields.length !== columns.length) {
      throw new CsvParseError(
        lineNo,
        `expected ${columns.length} fields but found ${fields.length}`,
      );
    }
    for (const [c, field] of fields.entries()) {
      if (field === "") throw new CsvParseError(lineNo, `empty value in column "${columns[c]}"`);
    }
    records.push({ line: lineNo, fields });
  }
  if (records.length === 0) {
    throw new CsvParseError(2, "header found but no data rows");
  }

  // Decide column kinds.
  const kinds: Record<string, ColumnKind> = {};
  for (const [c, name] of columns.entries()) {
    kinds[name] =
      schema[name] ??
      (records.every((r) => parseNumber(r.fields[c] ?? "") !== undefined)
        ? "numeric"
        : "categorical");
  }

  // Pass 2: build typed rows.
  const rows: Row[] = records.map(({ line, fields }) => {
    const row: Record<string, CellValue> = {};
    for (const [c, name] of columns.entries()) {
      const raw = fields[c] ?? "";
      if (kinds[name] === "numeric") {
        const value = parseNumber(raw);
        if (value === undefined) {
          throw new CsvParseError(line, `column "${name}" expects a number, got "${raw}"`);
        }
        row[name] = value;
      } else {
        row[name] = raw;
      }
    }
    return row;
  });

  return { columns, kinds, rows };
}

function parseNumber(raw: string): number | undefined {
  // Number("") is 0 and Number("0x1f") is 31; only accept plain decimals.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function splitLine(line: string, lineNo: number): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    // Skip leading spaces so ` "quoted"` is still treated as quoted.
    let start = i;
    while (line.charAt(start) === " ") start++;
    if (line.charAt(start) === '"') {
      i = start + 1;
      let value = "";
      for (;;) {
        if (i >= line.length) {
          throw new CsvParseError(lineNo, `unterminated quoted field starting at character ${start + 1}`);
        }
        const ch = line.charAt(i);
        if (ch === '"') {
          if (line.charAt(i + 1) === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += ch;
        i++;
      }
      while (line.charAt(i) === " ") i++;
      fields.push(value);
      if (i >= line.length) return fields;
      if (line.charAt(i) !== ",") {
        throw new CsvParseError(lineNo, `unexpected character after closing quote at character ${i + 1}`);
      }
      i++;
    } else {
      const comma = line.indexOf(",", i);
      const raw = comma === -1 ? line.slice(i) : line.slice(i, comma);
      if (raw.includes('"')) {
        throw new CsvParseError(lineNo, `stray quote in unquoted field at character ${i + raw.indexOf('"') + 1}`);
      }
      fields.push(raw);
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}
