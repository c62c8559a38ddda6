import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerterSuite, flavorSuite } from "@koan/testing";
import type { AskedQuestion, Reply } from "@koan/testing";
import { AlerterRefusedError, AlerterUnreachableError, TRUNCATION_MARKER } from "@koan/core";
import { SLACK_LIMITS, SlackAlerter, slackAlerter } from "../src/alerter/index.js";
import type { SlackAlerterConfig } from "../src/alerter/index.js";
import { SlackFake } from "./slack-fake.js";

const TOKEN = "xoxb-test-0000-secret";
const context = { componentName: "conformance", repositoryRoot: process.cwd() };
const fake = new SlackFake(TOKEN, ["C0ALERTS", "C0OPS"]);
let apiUrl = "";

beforeAll(async () => {
  apiUrl = await fake.start();
});
afterAll(() => fake.stop());

async function create(overrides: Partial<SlackAlerterConfig> = {}): Promise<SlackAlerter> {
  const config = slackAlerter.parseConfig({ token: TOKEN, channel: "C0ALERTS", apiUrl, pollIntervalMs: 20, maxRetries: 2, ...overrides });
  return (await slackAlerter.create(config, context)) as SlackAlerter;
}

/** Waits until a question containing `token` was posted, as a person watching the channel would. */
async function waitForMessage(token: string) {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const message = fake.find(token);
    if (message) return message;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`No message containing ${token} was posted`);
}

alerterSuite({
  name: "slack (contract fake)",
  create: () => create(),
  capabilities: { ask: true },
  async respond(question: AskedQuestion, reply: Reply) {
    const message = await waitForMessage(question.token);
    fake.reply(message.channel, message.ts, reply.respondent, reply.text);
  },
  async delivered(token) {
    const message = fake.find(token);
    return message && { text: message.text, channel: message.channel };
  },
  refusedMessage: { text: "to nowhere", channel: "C0NOWHERE" },
  otherChannel: "C0OPS",
});

flavorSuite({
  flavor: slackAlerter,
  validConfig: { token: "{{slack.token}}", channel: "C0ALERTS" },
  invalidConfigs: [
    { config: { channel: "C0ALERTS" }, path: "token" },
    { config: { token: "x" }, path: "channel" },
    { config: { token: "x", channel: "C0ALERTS", timeoutMs: -1 }, path: "timeoutMs" },
    { config: { token: "x", channel: "C0ALERTS", approveWords: [] }, path: "approveWords" },
    { config: { token: "x", channel: "C0ALERTS", apiUrl: "not a url" }, path: "apiUrl" },
  ],
  context,
  packageName: "@koan/slack",
});

describe("slack alerter against the contract fake", () => {
  it("posts text and blocks carrying the pipeline, run, step, status, error and a link to the run", async () => {
    const alerter = await create();
    const result = await alerter.post({
      text: "Run **nightly** failed, see [the logs](https://koan.example/runs/r1/logs) <now> & then",
      context: { pipeline: "training", runId: "r1", runName: "nightly-1", step: "train", status: "failed", url: "https://koan.example/runs/r1", error: "Error: out of memory" },
    });
    expect(result.ok, result.error).toBe(true);
    const message = fake.messages.find((m) => m.ts === result.messageId);
    expect(message?.text).toContain("Run *nightly* failed, see <https://koan.example/runs/r1/logs|the logs> &lt;now&gt; &amp; then");
    expect(message?.text).toContain("Pipeline: training\nRun: nightly-1\nRun id: r1");
    const blocks = JSON.stringify(message?.blocks);
    expect(blocks).toContain("*Pipeline:* training");
    expect(blocks).toContain("*Run:* <https://koan.example/runs/r1|nightly-1>");
    expect(blocks).toContain("*Run id:* `r1`");
    expect(blocks).toContain("*Step:* train");
    expect(blocks).toContain("*Status:* failed");
    expect(blocks).toContain("```\\nError: out of memory\\n```");
  });

  it("resolves ok: false with Slack's error for a wrong token, without the token in it", async () => {
    const alerter = await create({ token: "xoxb-wrong" });
    const result = await alerter.post({ text: "hello" });
    expect(result).toEqual({ ok: false, error: "invalid_auth" });
    expect(fake.requests.at(-1)).toMatchObject({ method: "chat.postMessage", status: 200, error: "invalid_auth" });
  });

  it("keeps within Slack's limits: long text is split over sections and cut with a marker", async () => {
    const alerter = await create();
    const huge = `${"line of a long report\n".repeat(8_000)}END`; // ~176,000 characters: 59 sections of 3,000
    const result = await alerter.post({ text: huge, context: { error: "x".repeat(10_000) } });
    expect(result.ok, result.error).toBe(true);
    const message = fake.messages.find((m) => m.ts === result.messageId);
    expect(message?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    expect(message?.text.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(message?.blocks).toHaveLength(SLACK_LIMITS.blocks);
    const texts = (message?.blocks ?? []).map((b) => (b as { text?: { text: string } }).text?.text ?? "");
    expect(Math.max(...texts.map((t) => t.length))).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(texts).toContain(TRUNCATION_MARKER);
    expect(texts.at(-1)).toMatch(/^```\nx+… \[truncated\]\n```$/);

    const fits = await alerter.post({ text: "a".repeat(2_999) });
    expect(fake.messages.find((m) => m.ts === fits.messageId)?.blocks).toHaveLength(1);
  });

  it("waits for Retry-After when rate limited (429), then retries", async () => {
    const alerter = await create();
    const before = fake.requests.length;
    fake.rateLimit("chat.postMessage", 1);
    const result = await alerter.post({ text: "after a rate limit" });
    expect(result.ok, result.error).toBe(true);
    const calls = fake.requests.slice(before);
    // The fake answers 429 again to a retry that comes before Retry-After has passed: one 429, then success.
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it("takes answers posted in the channel when configured, ignoring bots and chatter", async () => {
    const alerter = await create({ answersInChannel: true });
    const pending = alerter.ask({ text: "Ship model channel-answer?", timeoutMs: 30_000 });
    const question = await waitForMessage("channel-answer");
    expect(question.text).toContain('Reply in this thread with "approve" to approve or "reject" to reject.');
    fake.say("C0ALERTS", "U0CHATTER", "what model?");
    fake.say("C0ALERTS", "U0ANA", "*Approve!*");
    expect(await pending).toEqual({ approved: true, reason: "approved", respondent: "U0ANA", answer: "*Approve!*" });
    const confirmation = fake.messages.find((m) => m.thread_ts === question.ts && m.bot_id !== undefined);
    expect(confirmation?.text).toBe("Approved by <@U0ANA>: the pipeline goes on.");
  });

  it("does not take channel messages as answers unless configured, and counts no answer as a timeout", async () => {
    const alerter = await create();
    const pending = alerter.ask({ text: "Ship model thread-only?", timeoutMs: 400 });
    const question = await waitForMessage("thread-only");
    fake.say("C0ALERTS", "U0ANA", "yes");
    expect(await pending).toEqual({ approved: false, reason: "timeout" });
    expect(fake.messages.find((m) => m.thread_ts === question.ts && m.bot_id !== undefined)?.text).toBe("No answer in time: treated as a reject, the pipeline stops here.");
  });

  it("rejects ask with a typed error when Slack refuses the question", async () => {
    const alerter = await create({ channel: "C0NOWHERE" });
    const error = await alerter.ask({ text: "to nowhere", timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlerterRefusedError);
    expect(error).toMatchObject({ code: "ALERTER_REFUSED", alerter: "slack", message: expect.stringContaining("channel_not_found") });
  });

  it("rejects with ALERTER_UNREACHABLE when nothing answers, never naming the token", async () => {
    const alerter = await create({ apiUrl: "http://127.0.0.1:9/api/", maxRetries: 0 });
    const error = (await alerter.post({ text: "x" }).catch((e: unknown) => e)) as Error & { code?: string };
    expect(error).toBeInstanceOf(AlerterUnreachableError);
    expect(error.code).toBe("ALERTER_UNREACHABLE");
    expect(error.message).not.toContain(TOKEN);
  });
});
