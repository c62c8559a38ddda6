import type { AlerterContext } from "@koan/core/contracts";
import { SLACK_LIMITS, splitText, truncate, TRUNCATED_MARKER } from "./slack-limits.js";
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
  if (facts.length > 0) tail.push({ type: "context", elements: facts.slice(0, SLACK_LIMITS.contextElements).map((f) => ({ type: "mrkdwn", text: truncate(f, SLACK_LIMITS.contextElementText) })) });
  if (context?.error) tail.push(section(codeBlock(context.error, SLACK_LIMITS.sectionText)));
  if (footer) tail.push(section(truncate(escapeMrkdwn(footer), SLACK_LIMITS.sectionText)));

  const room = SLACK_LIMITS.blocks - tail.length;
  const kept = sections.length > room ? [...sections.slice(0, room - 1), section(TRUNCATED_MARKER)] : sections;
  const fallback = [body, ...plainFacts(context).map(escapeMrkdwn), ...(footer ? [escapeMrkdwn(footer)] : [])].join("\n");
  return { text: truncate(fallback, SLACK_LIMITS.text), blocks: [...kept, ...tail] };
}

function section(text: string): SlackBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

/** The error as preformatted text, cut to fit one section. */
function codeBlock(error: string, max: number): string {
  const fence = "```";
  return `${fence}${truncate(escapeMrkdwn(error).replace(/```/g, "'''"), max - 2 * fence.length)}${fence}`;
}

function contextFacts(context: AlerterContext | undefined): string[] {
  if (!context) return [];
  const facts: string[] = [];
  if (context.pipeline) facts.push(`*Pipeline:* ${escapeMrkdwn(context.pipeline)}`);
  if (context.runName || context.runId) {
    const run = escapeMrkdwn(context.runName ?? context.runId ?? "");
    facts.push(`*Run:* ${context.url ? mrkdwnLink(context.url, context.runName ?? context.runId ?? "run") : run}`);
  } else if (context.url) {
    facts.push(mrkdwnLink(context.url, "View run"));
  }
  if (context.runId && context.runName) facts.push(`*Run id:* \`${escapeMrkdwn(context.runId)}\``);
  if (context.step) facts.push(`*Step:* ${escapeMrkdwn(context.step)}`);
  if (context.status) facts.push(`*Status:* ${escapeMrkdwn(context.status)}`);
  return facts;
}

/** The facts as plain lines for the fallback text. */
function plainFacts(context: AlerterContext | undefined): string[] {
  if (!context) return [];
  const facts = [
    context.pipeline && `pipeline: ${context.pipeline}`,
    context.runName && `run: ${context.runName}`,
    context.runId && `run id: ${context.runId}`,
    context.step && `step: ${context.step}`,
    context.status && `status: ${context.status}`,
  ].filter((f): f is string => Boolean(f));
  const lines = facts.length ? [facts.join(" · ")] : [];
  if (context.error) lines.push(`error: ${context.error}`);
  if (context.url) lines.push(context.url);
  return lines;
}
