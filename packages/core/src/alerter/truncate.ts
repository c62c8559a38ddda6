/** What a shortened text ends with, so readers know something was cut. */
export const TRUNCATION_MARKER = "… [truncated]";

/**
 * How a service counts a text's length: `"code-point"` (Unicode code points,
 * as Discord and Mattermost count) or `"utf-16"` (UTF-16 code units, a
 * JavaScript string's `length`, the stricter count where a service does not
 * say).
 */
export type TextUnit = "code-point" | "utf-16";

/** The length of `text` in `unit` (code points by default). */
export function characterCount(text: string, unit: TextUnit = "code-point"): number {
  if (unit === "utf-16") return text.length;
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * `text` shortened to at most `max` characters (counted in `unit`), ending
 * with `marker` when cut. Cuts between code points, never inside a surrogate
 * pair. When `max` leaves no room for the marker, the marker alone is cut.
 */
export function truncate(text: string, max: number, options: { readonly marker?: string; readonly unit?: TextUnit } = {}): string {
  const { marker = TRUNCATION_MARKER, unit = "code-point" } = options;
  if (characterCount(text, unit) <= max) return text;
  const room = max - characterCount(marker, unit);
  if (room <= 0) return takeFirst(marker, Math.max(0, max), unit);
  return takeFirst(text, room, unit) + marker;
}

/** The longest start of `text` of at most `max` characters in `unit`, whole code points only. */
function takeFirst(text: string, max: number, unit: TextUnit): string {
  let taken = "";
  let count = 0;
  for (const codePoint of text) {
    const size = unit === "utf-16" ? codePoint.length : 1;
    if (count + size > max) break;
    taken += codePoint;
    count += size;
  }
  return taken;
}

/**
 * `text`, then a blank line and `footnote`, within `max` characters: the text
 * is cut, the footnote never (it tells people how to answer a question).
 * Just the text, cut, when there is no footnote.
 */
export function truncateWithFootnote(text: string, footnote: string, max: number, unit: TextUnit = "code-point"): string {
  if (!footnote) return truncate(text, max, { unit });
  const separator = "\n\n";
  return `${truncate(text, Math.max(0, max - characterCount(footnote, unit) - separator.length), { unit })}${separator}${footnote}`;
}
