/** Colours (0xRRGGBB) by the kind of status a message reports, for services that colour a message (embeds, attachments). */
export const STATUS_COLOURS = {
  failed: 0xd93f0b,
  succeeded: 0x2da44e,
  running: 0x1f6feb,
  waiting: 0xbf8700,
  other: 0x8c959f,
} as const;

/** The colour for a status such as `"failed"`, `"completed"` or `"running"` (any case); grey for anything else. */
export function statusColour(status: string | undefined): number {
  const s = (status ?? "").toLowerCase();
  if (/fail|error|crash|abort|cancel|reject/.test(s)) return STATUS_COLOURS.failed;
  if (/succe|complete|done|pass|ok|approve|cached/.test(s)) return STATUS_COLOURS.succeeded;
  if (/run|start|progress/.test(s)) return STATUS_COLOURS.running;
  if (/wait|pend|queue|ask/.test(s)) return STATUS_COLOURS.waiting;
  return STATUS_COLOURS.other;
}

/** `statusColour` as CSS hex (`"#d93f0b"`), for services that take colours as strings. */
export function statusColourHex(status: string | undefined): string {
  return `#${statusColour(status).toString(16).padStart(6, "0")}`;
}
