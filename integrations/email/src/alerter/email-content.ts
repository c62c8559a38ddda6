import type { AlerterContext } from "@koan/core/contracts";

/** Subject, plain text and HTML of one mail. */
export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const SUBJECT_MAX = 150;

/**
 * A message as a mail: the subject is the status and the first line of the
 * text, the body the text followed by the run's facts (pipeline, run, step,
 * status, link) and the error, once as plain text and once as HTML with the
 * simple Markdown rendered and everything else escaped.
 */
export function emailContent(text: string, context: AlerterContext | undefined, subjectPrefix: string): EmailContent {
  const firstLine = stripMarkdown(text.split("\n", 1)[0] ?? "").trim();
  const status = context?.status ? `${context.status}: ` : "";
  const subject = oneLine(`${subjectPrefix ? `${subjectPrefix} ` : ""}${status}${firstLine || context?.pipeline || "message"}`);
  const facts = contextFacts(context);

  const plain = [text, "", ...facts.map(([name, value]) => `${name}: ${value}`)];
  if (context?.error) plain.push("", "Error:", context.error);
  if (context?.url) plain.push("", `Run: ${context.url}`);

  const rows = facts.map(([name, value]) => `<tr><th align="left">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join("");
  const html = [
    `<div>${markdownToHtml(text)}</div>`,
    rows ? `<table cellpadding="4">${rows}</table>` : "",
    context?.error ? `<p><strong>Error</strong></p><pre>${escapeHtml(context.error)}</pre>` : "",
    context?.url ? `<p><a href="${escapeHtml(context.url)}">View the run</a></p>` : "",
  ].join("");
  return { subject: subject.length > SUBJECT_MAX ? `${subject.slice(0, SUBJECT_MAX - 1)}…` : subject, text: plain.join("\n").trimEnd(), html };
}

function contextFacts(context: AlerterContext | undefined): [string, string][] {
  if (!context) return [];
  const facts: [string, string | undefined][] = [
    ["Pipeline", context.pipeline],
    ["Run", context.runName],
    ["Run id", context.runId],
    ["Step", context.step],
    ["Status", context.status],
  ];
  return facts.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== "");
}

/** The simple Markdown of alerter messages as HTML: escaped first, then bold, italics, code and http(s) links. */
export function markdownToHtml(markdown: string): string {
  return escapeHtml(markdown)
    .replace(/`([^`\n]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*\n]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,!?])/g, "$1<em>$2</em>")
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2">$1</a>')
    .replace(/\n/g, "<br>\n");
}

function stripMarkdown(text: string): string {
  return text
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, "$1")
    .replace(/\*\*([^*\n]+)\*\*/g, "$1")
    .replace(/`([^`\n]+)`/g, "$1");
}

/** Header values are one line: a newline there would start a new header. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
