import { alerterContextFields, alerterContextLines, renderMarkdown, stripMarkdown, truncate } from "@koan/core";
import type { MarkdownTarget } from "@koan/core";
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
  const plain = [text, "", ...alerterContextLines(context)];
  const rows = alerterContextFields(context)
    .map((field) => `<tr><th align="left">${escapeHtml(field.label)}</th><td>${escapeHtml(field.value)}</td></tr>`)
    .join("");
  const html = [
    `<div>${markdownToHtml(text)}</div>`,
    rows ? `<table cellpadding="4">${rows}</table>` : "",
    context?.error ? `<p><strong>Error</strong></p><pre>${escapeHtml(context.error)}</pre>` : "",
    context?.url ? `<p><a href="${escapeHtml(context.url)}">View the run</a></p>` : "",
  ].join("");
  return { subject: truncate(subject, SUBJECT_MAX, { marker: "…" }), text: plain.join("\n").trimEnd(), html };
}

/** HTML as a target of the simple Markdown alerter messages are written in. */
const HTML: MarkdownTarget = {
  escape: escapeHtml,
  bold: (text) => `<strong>${text}</strong>`,
  italic: (text) => `<em>${text}</em>`,
  code: (text) => `<code>${text}</code>`,
  link: (label, url) => `<a href="${url}">${label}</a>`,
  newline: "<br>\n",
};

/** The simple Markdown of alerter messages as HTML, everything else escaped. */
export function markdownToHtml(markdown: string): string {
  return renderMarkdown(markdown, HTML);
}

/** Header values are one line: a newline there would start a new header. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
