/**
 * Converts the simple Markdown of alerter messages (`**bold**`, `_italics_`,
 * `` `code` ``, `[text](url)`) to Slack's mrkdwn (`*bold*`, `<url|text>`),
 * escaping the three characters Slack reserves (`&`, `<`, `>`) so text is
 * never read as a mention or a link by accident.
 */
export function toMrkdwn(markdown: string): string {
  return escapeMrkdwn(markdown)
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_all, label: string, url: string) => `<${url}|${label}>`)
    .replace(/\*\*([^*\n]+)\*\*/g, "*$1*");
}

/** Escapes `&`, `<` and `>` as Slack requires in message text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A link in mrkdwn; `|` and `>` cannot appear in the url part. */
export function mrkdwnLink(url: string, label: string): string {
  return `<${url.replace(/\|/g, "%7C").replace(/>/g, "%3E")}|${escapeMrkdwn(label)}>`;
}
