import { DEFAULT_APPROVE_WORDS, DEFAULT_REJECT_WORDS, defineFlavor, z } from "@koan/core";

const words = z.array(z.string().trim().min(1)).min(1);

/** The config users give on the command line (`--token "{{slack.token}}" --channel C0123456789`) or in code. */
export const slackAlerterConfig = z.object({
  token: z.string().min(1).describe("Bot token (xoxb-...) with chat:write and channels:history; use a secret reference such as {{slack.token}}"),
  channel: z.string().min(1).describe("Id of the channel messages and questions go to (C0123456789), unless a message names its own"),
  approveWords: words.default([...DEFAULT_APPROVE_WORDS]).describe("Replies that approve a question, compared case-insensitively"),
  rejectWords: words.default([...DEFAULT_REJECT_WORDS]).describe("Replies that reject a question"),
  timeoutMs: z.number().int().positive().default(3_600_000).describe("How long ask waits for an answer, in milliseconds; no answer counts as a reject"),
  pollIntervalMs: z.number().int().positive().default(10_000).describe("How often ask reads the replies, in milliseconds (Slack rate-limits reading history)"),
  answersInChannel: z.boolean().default(false).describe("Also take answers posted in the channel after the question, not only replies in its thread"),
  apiUrl: z.url().optional().describe("Base url of the Slack Web API; Slack's own when left out"),
  maxRetries: z.number().int().min(0).max(20).default(5).describe("Retries of a call that failed to connect or was rate limited (the wait follows Slack's Retry-After)"),
  requestTimeoutMs: z.number().int().positive().default(30_000).describe("Gives up on one HTTP request after this many milliseconds"),
});

export type SlackAlerterConfig = z.infer<typeof slackAlerterConfig>;

/** The `slack` alerter flavor. */
export const slackAlerter = defineFlavor({
  type: "alerter",
  name: "slack",
  description: "Posts pipeline messages to a Slack channel and asks for approval in a thread.",
  packageName: "@koan/slack",
  configSchema: slackAlerterConfig,
  async create(config) {
    // Imported here, not at the top: listing flavors must not load the Slack SDK.
    const { SlackAlerter } = await import("./slack-alerter.js");
    return new SlackAlerter(config);
  },
});
