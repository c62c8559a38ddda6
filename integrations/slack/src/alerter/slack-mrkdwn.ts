import { renderMarkdown } from "@koan/core";
import type { MarkdownTarget } from "@koan/core";

/** Slack's mrkdwn as a target of the simple Markdown alerter messages are written in. */
const MRKDWN: MarkdownTarget = {
  escape: escapeMrkdwn,
  bold: (text) => `*${text}*`,
  italic: (text) => `_${text}_`,
  code: (text) => `\`${text}\``,
  link: (label, url) => `<${url}|${label}>`,
};

/**
 * Converts the simple Markdown of alerter messages (`**bold**`, `_italics_`,
 * `` `code` ``, `[text](url)`) to Slack's mrkdwn (`*bold*`, `<url|text>`),
 * escaping the three characters Slack reserves (`&`, `<`, `>`) so text is
 * never read as a mention or a link by accident.
 */
export function toMrkdwn(markdown: string): string {
  return renderMarkdown(markdown, MRKDWN);
}

/** Escapes `&`, `<` and `>` as Slack requires in message text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A link in mrkdwn; `|` and `>` cannot appear in the url part. */
export function mrkdwnLink(url: string, label: string): string {
  return `<${url.replace(/\|/g, "%7C").replace(/>/g, "%3E")}|${escapeMrkdwn(label)}>`;
}
