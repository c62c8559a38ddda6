import type { AlerterContext } from "@koan/core/contracts";
import { statusColour } from "./status-colour.js";
import { truncate } from "./text-limits.js";

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
  const separator = "\n\n";
  const message = footnote
    ? `${truncate(text, MATTERMOST_MESSAGE_LIMIT - [...footnote].length - separator.length)}${separator}${footnote}`
    : truncate(text, MATTERMOST_MESSAGE_LIMIT);
  if (!context || !Object.values(context).some((v) => typeof v === "string" && v.length > 0)) return { message };
  return { message, attachments: [attachment(context)] };
}

function attachment(context: AlerterContext): MattermostAttachment {
  const title = truncate([context.pipeline ?? "Koan", context.status].filter(Boolean).join(" · "), SHORT_FIELD);
  const fields: Array<MattermostAttachment["fields"][number]> = [];
  const short = (name: string, value: string | undefined) => {
    if (value) fields.push({ title: name, value: truncate(value, SHORT_FIELD), short: true });
  };
  short("Pipeline", context.pipeline);
  short("Run", context.runName && context.runId ? `${context.runName} (${context.runId})` : (context.runName ?? context.runId));
  short("Step", context.step);
  short("Status", context.status);
  const linkable = context.url !== undefined && /^https?:\/\//i.test(context.url);
  if (context.url && !linkable) short("Link", context.url);
  if (context.error) {
    const fence = "```";
    fields.push({ title: "Error", value: `${fence}\n${truncate(context.error.replaceAll(fence, "'''"), ERROR_FIELD)}\n${fence}`, short: false });
  }
  return {
    fallback: title,
    color: `#${statusColour(context.status).toString(16).padStart(6, "0")}`,
    title,
    ...(linkable ? { title_link: context.url } : {}),
    fields,
  };
}
