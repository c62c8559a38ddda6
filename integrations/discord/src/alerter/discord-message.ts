import { alerterContextFields, alerterContextTitle, characterCount, fencedCode, hasAlerterContext, isWebLink, statusColour, truncate, truncateWithFootnote } from "@koan/core";
import type { AlerterContext } from "@koan/core/contracts";
import type { APIEmbed, APIEmbedField, RESTPostAPIChannelMessageJSONBody } from "discord-api-types/v10";

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
  if (!hasAlerterContext(context)) {
    return { content: truncateWithFootnote(text.length > 0 ? text : " ", footnote, DISCORD_LIMITS.content), allowed_mentions: noMentions };
  }
  return { embeds: [discordEmbed(text, context, footnote)], allowed_mentions: noMentions };
}

export function discordEmbed(text: string, context: AlerterContext, footnote = ""): APIEmbed {
  const title = truncate(alerterContextTitle(context), DISCORD_LIMITS.title);
  const fields: APIEmbedField[] = alerterContextFields(context).map((field) => ({ name: field.label, value: truncate(field.value, SHORT_FIELD), inline: true }));
  const linkable = isWebLink(context.url);
  // Discord refuses an embed URL that is not http(s); such a link is shown as a field instead.
  if (context.url && !linkable) fields.push({ name: "Link", value: truncate(context.url, SHORT_FIELD), inline: true });
  if (context.error) fields.push({ name: "Error", value: fencedCode(context.error, DISCORD_LIMITS.fieldValue), inline: false });
  const others = characterCount(title) + fields.reduce((sum, f) => sum + characterCount(f.name) + characterCount(f.value), 0);
  const description = truncateWithFootnote(text, footnote, Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - others));
  return {
    title,
    ...(description.length > 0 ? { description } : {}),
    ...(linkable ? { url: context.url } : {}),
    color: statusColour(context.status),
    fields,
  };
}
