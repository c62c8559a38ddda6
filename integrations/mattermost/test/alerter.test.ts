// The alerter against a contract fake of Mattermost (no Mattermost server can
// run here): the conformance suite through the REST API and through an
// incoming webhook, then what is particular to Mattermost.
import { AlerterRefusedError, AlerterUnreachableError, InvalidConfigError, TRUNCATION_MARKER } from "@koan/core";
import { alerterSuite, expectKoanError, flavorSuite } from "@koan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MATTERMOST_MESSAGE_LIMIT, MattermostAlerter, mattermostAlerter } from "../src/index.js";
import type { MattermostAlerterConfig } from "../src/index.js";
import { FakeMattermost, newId, postText } from "./fixtures/mattermost-fake.js";
import type { FakeChannel, FakePost, FakeUser } from "./fixtures/mattermost-fake.js";

const context = { componentName: "team-chat", repositoryRoot: process.cwd() };
// Fixed before the fake starts: the suites read them when they are defined.
const OPS_ID = newId();
const CLOSED_ID = newId();

let fake: FakeMattermost;
let alice: FakeUser;
let alerts: FakeChannel;
let webhookUrl: string;

beforeAll(async () => {
  fake = await FakeMattermost.start();
  alice = fake.addUser("alice");
  alerts = fake.addChannel("ml-alerts");
  fake.addChannel("ops", fake.users, OPS_ID);
  fake.addChannel("leadership", [alice], CLOSED_ID);
  webhookUrl = fake.addWebhook(alerts);
});
afterAll(() => fake.close());

/** An alerter that posts through an incoming webhook. */
async function hook(url: string): Promise<MattermostAlerter> {
  return (await mattermostAlerter.createComponent({ webhookUrl: url }, context)) as MattermostAlerter;
}

async function mattermost(config: Partial<MattermostAlerterConfig> = {}): Promise<MattermostAlerter> {
  const full = { url: fake.url, token: fake.bot.token, channelId: alerts.id, pollIntervalMs: 20, ...config };
  return (await mattermostAlerter.createComponent(full, context)) as MattermostAlerter;
}

/** A person replies in a post's thread through the REST API, with their own token. */
async function replyAs(user: FakeUser, root: FakePost, message: string): Promise<void> {
  const response = await fetch(`${fake.url}/api/v4/posts`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
    body: JSON.stringify({ channel_id: root.channel_id, root_id: root.id, message }),
  });
  if (response.status !== 201) throw new Error(`The reply was refused: ${await response.text()}`);
}

const delivered = async (token: string) => {
  const post = fake.find(token);
  return post && { text: postText(post), channel: post.channel_id };
};

alerterSuite({
  name: "mattermost REST API (contract fake)",
  create: () => mattermost(),
  capabilities: { ask: true },
  async respond(question, reply) {
    const user = fake.users.find((u) => u.username === reply.respondent) ?? fake.addUser(reply.respondent);
    if (!alerts.members.includes(user.id)) alerts.members.push(user.id);
    await replyAs(user, await fake.waitFor(question.token), reply.text);
  },
  delivered,
  refusedMessage: { text: "to a channel the bot is not in", channel: CLOSED_ID },
  otherChannel: OPS_ID,
});

alerterSuite({
  name: "mattermost incoming webhook (contract fake)",
  create: () => hook(webhookUrl),
  capabilities: { ask: false },
  async delivered(token) {
    const post = fake.find(token);
    return post && { text: postText(post), channel: fake.channels.find((c) => c.id === post.channel_id)?.name ?? "" };
  },
  refusedMessage: { text: "to a channel that does not exist", channel: "no-such-channel" },
  otherChannel: "ops",
});

flavorSuite({
  flavor: mattermostAlerter,
  validConfig: { url: "https://chat.example.com", token: "abc", channelId: newId() },
  invalidConfigs: [
    { config: {}, path: "url" },
    { config: { webhookUrl: "https://chat.example.com/hooks/x", channel: "town-square" }, path: "channel" },
    { config: { url: "https://chat.example.com", token: "abc" }, path: "channelId" },
    { config: { url: "https://chat.example.com", token: "abc", channelId: "town-square" }, path: "channelId" },
    { config: { url: "chat.example.com", token: "abc", channelId: newId() }, path: "url" },
    { config: { url: "https://chat.example.com", token: "abc", channelId: newId(), webhookUrl: "https://chat.example.com/hooks/x" }, path: "webhookUrl" },
  ],
  context,
  packageName: "@koan/mattermost",
});

describe("mattermost alerter against the contract fake", () => {
  let alerter: MattermostAlerter;
  beforeAll(async () => {
    alerter = await mattermost();
  });

  it("posts with a Bearer token and the context as a coloured attachment, and links the post", async () => {
    const before = fake.requests.length;
    const result = await alerter.post({
      text: "Training **failed**",
      context: { pipeline: "training", runName: "nightly", runId: "run-7", step: "train", status: "failed", url: "https://dash.example/runs/7", error: "OOM" },
    });
    expect(result.ok, result.error).toBe(true);
    expect(result.url).toBe(`${fake.url}/_redirect/pl/${result.messageId}`);
    const request = fake.requests.slice(before).find((r) => r.path === "/api/v4/posts");
    expect(request?.headers.authorization).toBe(`Bearer ${fake.bot.token}`);
    expect(request?.headers["content-type"]).toBe("application/json");
    const post = fake.posts.find((p) => p.id === result.messageId);
    expect(post?.message).toBe("Training **failed**");
    const attachment = post?.props.attachments?.[0];
    expect(attachment).toMatchObject({ title: "training · failed", title_link: "https://dash.example/runs/7", color: "#d93f0b" });
    expect(attachment?.fields?.map((f) => [f.title, f.value])).toEqual([
      ["Pipeline", "training"],
      ["Run", "nightly"],
      ["Run id", "run-7"],
      ["Step", "train"],
      ["Status", "failed"],
      ["Error", "```\nOOM\n```"],
    ]);
  });

  it("cuts a message past 16,383 characters (code points) with a marker, and Mattermost accepts it", async () => {
    const result = await alerter.post({ text: "🚀".repeat(20_000) });
    expect(result.ok, result.error).toBe(true);
    const message = fake.posts.find((p) => p.id === result.messageId)?.message ?? "";
    expect([...message].length).toBe(MATTERMOST_MESSAGE_LIMIT);
    expect(message.endsWith(TRUNCATION_MARKER)).toBe(true);
  });

  it("keeps the answer instructions of a long question whole", async () => {
    const token = `long-${Date.now()}`;
    const answer = alerter.ask({ text: `${token} ${"x".repeat(20_000)}`, timeoutMs: 30_000 });
    const question = await fake.waitFor(token);
    expect(question.message.endsWith("Reply in this thread with **approve** or **reject**.")).toBe(true);
    expect(question.message).toContain(TRUNCATION_MARKER);
    await replyAs(alice, question, "approve");
    await expect(answer).resolves.toEqual({ approved: true, reason: "approved", respondent: "alice", answer: "approve" });
  });

  it("ignores its own posts in the thread", async () => {
    const token = `own-${Date.now()}`;
    const answer = alerter.ask({ text: `Deploy ${token}?`, timeoutMs: 30_000 });
    const question = await fake.waitFor(token);
    await replyAs(fake.bot, question, "yes");
    await replyAs(alice, question, "no");
    await expect(answer).resolves.toMatchObject({ approved: false, reason: "rejected", respondent: "alice" });
  });

  it("waits out a 429 for as long as Retry-After says, then posts once", async () => {
    fake.rateLimitNext(1);
    const before = fake.requests.length;
    const result = await alerter.post({ text: "after a rate limit" });
    expect(result.ok, result.error).toBe(true);
    const [limited, retried] = fake.requests.slice(before);
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(201);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(fake.posts.filter((p) => p.message === "after a rate limit")).toHaveLength(1);
  });

  it("retries reading a thread after a 503, but never repeats a post that may have been made", async () => {
    const token = `flaky-${Date.now()}`;
    const answer = alerter.ask({ text: `Flaky ${token}?`, timeoutMs: 30_000 });
    const question = await fake.waitFor(token);
    const before = fake.requests.length;
    fake.failNext(503);
    // The alerter's next look at the thread meets the 503; only then does alice answer.
    await expect.poll(() => fake.requests.slice(before).find((r) => r.status === 503)?.path).toBe(`/api/v4/posts/${question.id}/thread`);
    await replyAs(alice, question, "lgtm");
    await expect(answer).resolves.toMatchObject({ approved: true });

    fake.failNext(503);
    const result = await alerter.post({ text: `once ${token}` });
    expect(result.ok).toBe(false);
    expect(result.error).toContain("HTTP 503");
    expect(fake.posts.filter((p) => p.message === `once ${token}`)).toHaveLength(0);
  });

  it("resolves ok: false with Mattermost's reason for a channel the bot is not a member of", async () => {
    const result = await alerter.post({ text: "hello", channel: CLOSED_ID });
    expect(result).toMatchObject({ ok: false });
    expect(result.error).toContain("api.context.permissions.app_error");
    expect(result.error).toContain("Add the bot");
  });

  it("refuses a wrong token with InvalidConfigError naming the token, without printing it", async () => {
    const wrong = await mattermost({ token: "wrong-token-value-1234" });
    const error = await expectKoanError(wrong.post({ text: "hello" }), InvalidConfigError, "INVALID_CONFIG");
    expect(error.issues[0]?.path).toBe("token");
    expect(error.message).not.toContain("wrong-token-value-1234");
    await expectKoanError(wrong.ask({ text: "q", timeoutMs: 100 }), InvalidConfigError, "INVALID_CONFIG");
  });

  it("asking in a channel the bot cannot post in rejects with ALERTER_REFUSED", async () => {
    await expectKoanError(alerter.ask({ text: "anyone?", channel: CLOSED_ID, timeoutMs: 1000 }), AlerterRefusedError, "ALERTER_REFUSED");
  });

  it("rejects with ALERTER_UNREACHABLE when nothing listens at the server URL", async () => {
    const gone = await FakeMattermost.start();
    const url = gone.url;
    await gone.close();
    const unreachable = await mattermost({ url });
    const error = await expectKoanError(unreachable.post({ text: "hello" }), AlerterUnreachableError, "ALERTER_UNREACHABLE");
    expect(error.message).toContain(url);
  });

  describe("through an incoming webhook", () => {
    it("never shows the webhook's URL (a credential) in errors", async () => {
      const secretId = new URL(webhookUrl).pathname.split("/").at(-1) as string;
      const broken = await hook(`${fake.url}/hooks/${newId()}`);
      const refused = await broken.post({ text: "hello" });
      expect(refused.ok).toBe(false);
      expect(refused.error).toContain("Invalid webhook");
      const gone = await FakeMattermost.start();
      const goneUrl = `${gone.url}/hooks/${secretId}`;
      await gone.close();
      const unreachable = await hook(goneUrl);
      const error = await expectKoanError(unreachable.post({ text: "hello" }), AlerterUnreachableError, "ALERTER_UNREACHABLE");
      expect(error.message).not.toContain(secretId);
      const invalid = await expectKoanError(hook("not a url with secret-bits"), InvalidConfigError, "INVALID_CONFIG");
      expect(invalid.message).not.toContain("secret-bits");
    });

    it("posts the context as an attachment, marked as from a webhook", async () => {
      const hooked = await hook(webhookUrl);
      const result = await hooked.post({ text: "via hook", context: { pipeline: "p", status: "completed" } });
      expect(result.ok, result.error).toBe(true);
      const post = fake.posts.find((p) => p.message === "via hook");
      expect(post?.props.from_webhook).toBe("true");
      expect(post?.props.attachments?.[0]).toMatchObject({ title: "p · completed", color: "#2da44e" });
    });
  });
});
