import { truncate } from "@koan/core";

/**
 * Slack's documented limits on a `chat.postMessage` call. A message over them
 * is refused (`msg_too_long`, `invalid_blocks`), so the alerter keeps within
 * them itself: long text is split over several sections, and what still
 * does not fit is cut with core's TRUNCATION_MARKER (`sizedForSlack`).
 * Lengths are UTF-16 code units: Slack does not say how it counts, and that
 * count is never below the code-point one.
 */
export const SLACK_LIMITS = {
  /** Characters of the top-level `text`. */
  text: 40_000,
  /** Blocks in one message. */
  blocks: 50,
  /** Characters of a section block's `text`. */
  sectionText: 3_000,
  /** Elements of a context block. */
  contextElements: 10,
  /** Characters of one context element's text. */
  contextElementText: 2_000,
} as const;

/** `text` in chunks of at most `size` characters, split at line ends where there is one, never inside a surrogate pair. */
export function splitText(text: string, size: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const newline = rest.lastIndexOf("\n", size);
    let end = newline > size / 2 ? newline + 1 : size;
    if (isHighSurrogate(rest.charCodeAt(end - 1))) end--;
    chunks.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** `text` cut to at most `max` UTF-16 units with the truncation marker. */
export function sizedForSlack(text: string, max: number): string {
  return truncate(text, max, { unit: "utf-16" });
}
