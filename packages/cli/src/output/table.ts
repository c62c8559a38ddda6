import { visibleLength } from "./colour.js";

/**
 * Rows as aligned columns separated by two spaces, the header first. The
 * last column is not padded, so lines carry no trailing spaces.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], style: { header?: (text: string) => string } = {}): string {
  const widths = header.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ""))));
  const line = (cells: readonly string[], styleCell?: (text: string) => string) =>
    cells
      .map((cell, i) => {
        const text = styleCell ? styleCell(cell) : cell;
        return i === cells.length - 1 ? text : text + " ".repeat((widths[i] ?? 0) - visibleLength(cell));
      })
      .join("  ")
      .trimEnd();
  return [line(header, style.header), ...rows.map((r) => line(header.map((_, i) => r[i] ?? "")))].join("\n");
}
