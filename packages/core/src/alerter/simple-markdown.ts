import { truncate } from "./truncate.js";
import type { TextUnit } from "./truncate.js";

/*
 * Alerter messages are written in simple Markdown (the `AlerterMessage`
 * contract): **bold**, _italics_, `code` and [links](https://...). This is the
 * one parser of that subset; each service says how to write the pieces in its
 * own format (Slack mrkdwn, HTML, plain text) with a `MarkdownTarget`.
 * Services that render Markdown themselves (Discord, Mattermost) take the
 * text as it is.
 */

/** How a service writes each piece of simple Markdown. Every function gets text already passed through `escape`. */
export interface MarkdownTarget {
  /** Escapes the characters the target reserves (`<` in HTML); applied to the whole text first. */
  readonly escape: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly italic: (text: string) => string;
  readonly code: (text: string) => string;
  readonly link: (label: string, url: string) => string;
  /** What a line break becomes; kept as `\n` when left out. */
  readonly newline?: string;
}

/** Simple Markdown as plain text: the markup dropped, a link as its label. */
export const PLAIN_TEXT: MarkdownTarget = {
  escape: (text) => text,
  bold: (text) => text,
  italic: (text) => text,
  code: (text) => text,
  link: (label) => label,
};

/** `markdown` (the simple subset) written for `target`: escaped first, then code, bold, italics and http(s) links. */
export function renderMarkdown(markdown: string, target: MarkdownTarget): string {
  const text = target
    .escape(markdown)
    .replace(/`([^`\n]+)`/g, (_all, code: string) => target.code(code))
    .replace(/\*\*([^*\n]+)\*\*/g, (_all, bold: string) => target.bold(bold))
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,!?])/g, (_all, before: string, italic: string) => before + target.italic(italic))
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_all, label: string, url: string) => target.link(label, url));
  return target.newline === undefined ? text : text.replace(/\n/g, target.newline);
}

/** `markdown` without its markup, e.g. for a mail's subject or a notification. */
export function stripMarkdown(markdown: string): string {
  return renderMarkdown(markdown, PLAIN_TEXT);
}

/**
 * `text` (an error, a log) as a fenced code block of at most `max`
 * characters, cut with the truncation marker. Fences inside the text become
 * `'''` so they cannot close the block early.
 */
export function fencedCode(text: string, max: number, unit: TextUnit = "code-point"): string {
  const fence = "```";
  const room = max - 2 * (fence.length + 1);
  return `${fence}\n${truncate(text.replaceAll(fence, "'''"), room, { unit })}\n${fence}`;
}
