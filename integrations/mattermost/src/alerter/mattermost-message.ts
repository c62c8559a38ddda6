import { alerterContextFields, alerterContextTitle, fencedCode, hasAlerterContext, isWebLink, statusColourHex, truncate, truncateWithFootnote } from "@koan/core";
import type { AlerterContext } from "@koan/core/contracts";

/** Mattermost's limit on a post's message, in code points (runes). */
export const MATTERMOST_MESSAGE_LIMIT = 16_383;
/** Names and ids in the attachment are cut here; the error gets more room. */
const SHORT_FIELD = 256;
const ERROR_FIELD = 4000;

/** A message attachment (the Slack-compatible format Mattermost renders as a coloured card). */
export interface MattermostAttachment {
  readonly fallback: string;
  readonly color: string;
  readonly title: string;
  readonly title_link?: string;
  readonly fields: ReadonlyArray<{ readonly title: string; readonly value: string; readonly short: boolean }>;
}

/** What a post carries: the text (Mattermost renders its Markdown as is) and, with context, one attachment. */
export interface MattermostContent {
  readonly message: string;
  readonly attachments?: readonly MattermostAttachment[];
}

/**
 * The text within Mattermost's 16,383 characters (cut with a marker, the
 * footnote kept whole), and the context as an attachment: a title, a field
 * per piece of context, a colour by status and the link on the title.
 */
export function mattermostContent(text: string, context: AlerterContext | undefined, footnote = ""): MattermostContent {
  const message = truncateWithFootnote(text, footnote, MATTERMOST_MESSAGE_LIMIT);
  if (!hasAlerterContext(context)) return { message };
  return { message, attachments: [attachment(context)] };
}

function attachment(context: AlerterContext): MattermostAttachment {
  const title = truncate(alerterContextTitle(context), SHORT_FIELD);
  const fields = alerterContextFields(context).map((field) => ({ title: field.label, value: truncate(field.value, SHORT_FIELD), short: true }));
  const linkable = isWebLink(context.url);
  if (context.url && !linkable) fields.push({ title: "Link", value: truncate(context.url, SHORT_FIELD), short: true });
  if (context.error) fields.push({ title: "Error", value: fencedCode(context.error, ERROR_FIELD), short: false });
  return {
    fallback: title,
    color: statusColourHex(context.status),
    title,
    ...(linkable ? { title_link: context.url } : {}),
    fields,
  };
}
