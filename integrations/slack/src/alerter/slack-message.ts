import { alerterContextFields, alerterContextLines, fencedCode, TRUNCATION_MARKER } from "@koan/core";
import type { AlerterContext } from "@koan/core/contracts";
import { sizedForSlack, SLACK_LIMITS, splitText } from "./slack-limits.js";
import { escapeMrkdwn, mrkdwnLink, toMrkdwn } from "./slack-mrkdwn.js";

/** A Block Kit block, as far as this alerter builds them. */
export type SlackBlock =
  | { readonly type: "section"; readonly text: { readonly type: "mrkdwn"; readonly text: string } }
  | { readonly type: "context"; readonly elements: readonly { readonly type: "mrkdwn"; readonly text: string }[] }
  | { readonly type: "divider" };

/** The arguments of `chat.postMessage` that carry the content. */
export interface SlackMessage {
  /** The fallback text: notifications, screen readers, clients without blocks. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/**
 * A message as Slack blocks: the text in sections, the run's facts
 * (pipeline, run, step, status, link) in a context block, and the error in a
 * code block. Keeps within SLACK_LIMITS: long text is split over sections,
 * and what does not fit in 50 blocks is cut with a marker.
 */
export function slackMessage(text: string, context: AlerterContext | undefined, footer?: string): SlackMessage {
  const body = toMrkdwn(text);
  const sections = body.trim() ? splitText(body, SLACK_LIMITS.sectionText).map(section) : [];
  const tail: SlackBlock[] = [];
  const facts = contextFacts(context);
  if (facts.length > 0) tail.push({ type: "context", elements: facts.slice(0, SLACK_LIMITS.contextElements).map((f) => ({ type: "mrkdwn", text: sizedForSlack(f, SLACK_LIMITS.contextElementText) })) });
  if (context?.error) tail.push(section(fencedCode(escapeMrkdwn(context.error), SLACK_LIMITS.sectionText, "utf-16")));
  if (footer) tail.push(section(sizedForSlack(escapeMrkdwn(footer), SLACK_LIMITS.sectionText)));

  const room = SLACK_LIMITS.blocks - tail.length;
  const kept = sections.length > room ? [...sections.slice(0, room - 1), section(TRUNCATION_MARKER)] : sections;
  const fallback = [body, ...alerterContextLines(context).map(escapeMrkdwn), ...(footer ? [escapeMrkdwn(footer)] : [])].join("\n");
  return { text: sizedForSlack(fallback, SLACK_LIMITS.text), blocks: [...kept, ...tail] };
}

function section(text: string): SlackBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

/** The context's fields as mrkdwn facts; the run links to the run's page when there is a link. */
function contextFacts(context: AlerterContext | undefined): string[] {
  const facts = alerterContextFields(context).map((field) => {
    const value =
      field.key === "runName" && context?.url ? mrkdwnLink(context.url, field.value) : field.key === "runId" ? `\`${escapeMrkdwn(field.value)}\`` : escapeMrkdwn(field.value);
    return `*${field.label}:* ${value}`;
  });
  if (context?.url && !context.runName) facts.push(mrkdwnLink(context.url, "View run"));
  return facts;
}
