/** What a shortened text ends with, so readers know something was cut. */
export const TRUNCATION_MARKER = "… [truncated]";

/** The length Mattermost counts: Unicode code points (runes), not UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * `text` shortened to at most `max` code points, ending with the marker when
 * cut. Cuts between code points, never inside a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (characterCount(text) <= max) return text;
  if (max <= TRUNCATION_MARKER.length) return Array.from(TRUNCATION_MARKER).slice(0, Math.max(0, max)).join("");
  return Array.from(text).slice(0, max - characterCount(TRUNCATION_MARKER)).join("") + TRUNCATION_MARKER;
}
