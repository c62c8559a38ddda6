import type { AlerterContext } from "@koan/core/contracts";
import type { APIEmbed, APIEmbedField, RESTPostAPIChannelMessageJSONBody } from "discord-api-types/v10";
import { statusColour } from "./status-colour.js";
import { characterCount, truncate } from "./text-limits.js";

/** Discord's limits on a message (characters are code points). */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  /** Title, description, field names and values, footer and author of all embeds together. */
  embedTotal: 6000,
} as const;

/** Field values other than the error are names and ids; kept short so the text keeps most of the embed. */
const SHORT_FIELD = 256;

/**
 * The body of `POST /channels/{id}/messages` for a message: plain content
 * when there is no context, otherwise one embed with the text as its
 * description, a field per piece of context, a colour by status and the
 * link as the title's URL. Always within Discord's limits: long parts are
 * cut with a marker instead of being refused. Mentions are not parsed, so a
 * pipeline's text never pings `@everyone`.
 */
export function discordMessage(text: string, context: AlerterContext | undefined, footnote = ""): RESTPostAPIChannelMessageJSONBody {
  const noMentions = { parse: [] };
  if (!context || !hasContext(context)) {
    return { content: withFootnote(text.length > 0 ? text : " ", footnote, DISCORD_LIMITS.content), allowed_mentions: noMentions };
  }
  return { embeds: [discordEmbed(text, context, footnote)], allowed_mentions: noMentions };
}

/** `text` cut to fit `max` together with the footnote, which is never cut (it tells people how to answer). */
function withFootnote(text: string, footnote: string, max: number): string {
  if (!footnote) return truncate(text, max);
  const separator = "\n\n";
  return `${truncate(text, Math.max(0, max - characterCount(footnote) - separator.length))}${separator}${footnote}`;
}

function hasContext(context: AlerterContext): boolean {
  return Object.values(context).some((value) => typeof value === "string" && value.length > 0);
}

export function discordEmbed(text: string, context: AlerterContext, footnote = ""): APIEmbed {
  const title = truncate([context.pipeline ?? "Koan", context.status].filter(Boolean).join(" · "), DISCORD_LIMITS.title);
  const fields: APIEmbedField[] = [];
  const short = (name: string, value: string | undefined) => {
    if (value) fields.push({ name, value: truncate(value, SHORT_FIELD), inline: true });
  };
  short("Pipeline", context.pipeline);
  short("Run", context.runName && context.runId ? `${context.runName} (${context.runId})` : (context.runName ?? context.runId));
  short("Step", context.step);
  short("Status", context.status);
  const linkable = context.url !== undefined && /^https?:\/\//i.test(context.url);
  // Discord refuses an embed URL that is not http(s); such a link is shown as a field instead.
  if (context.url && !linkable) short("Link", context.url);
  if (context.error) {
    const fence = "```";
    const room = DISCORD_LIMITS.fieldValue - 2 * fence.length - 2;
    fields.push({ name: "Error", value: `${fence}\n${truncate(context.error.replaceAll(fence, "'''"), room)}\n${fence}`, inline: false });
  }
  const others = characterCount(title) + fields.reduce((sum, f) => sum + characterCount(f.name) + characterCount(f.value), 0);
  const description = withFootnote(text, footnote, Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - others));
  return {
    title,
    ...(description.length > 0 ? { description } : {}),
    ...(linkable ? { url: context.url } : {}),
    color: statusColour(context.status),
    fields,
  };
}
