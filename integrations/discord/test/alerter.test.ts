// The alerter against a contract fake of Discord's REST API (Discord cannot
// be reached from here): the conformance suite, then what is particular to
// Discord (embeds, limits, rate limits, error answers, reactions).
import { AlerterRefusedError, AlerterUnreachableError, InvalidConfigError, TRUNCATION_MARKER } from "@koan/core";
import type { Alerter } from "@koan/core/contracts";
import { alerterSuite, expectKoanError, flavorSuite } from "@koan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordAlerter, discordAlerter } from "../src/index.js";
import type { DiscordAlerterConfig } from "../src/index.js";
import { FakeDiscord, messageText } from "./fixtures/discord-fake.js";
import type { FakeEmbed, FakeUser } from "./fixtures/discord-fake.js";

const TOKEN = "fake-bot-token.0123456789abcdef";
const CHANNEL = "1200000000000000001";
const OTHER_CHANNEL = "1200000000000000002";
const HIDDEN_CHANNEL = "1200000000000000003";
const MISSING_CHANNEL = "1200000000000000099";
const context = { componentName: "team-chat", repositoryRoot: process.cwd() };
const alice: FakeUser = { id: "1300000000000000001", username: "alice", global_name: "Alice A." };

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start({ token: TOKEN, channels: [CHANNEL, OTHER_CHANNEL], hiddenChannels: [HIDDEN_CHANNEL] });
});
afterAll(() => fake.close());

/** An alerter on the fake, created through the flavor as a stack would. */
async function discord(config: Partial<DiscordAlerterConfig> = {}): Promise<DiscordAlerter> {
  const alerter = await discordAlerter.createComponent({ token: TOKEN, channelId: CHANNEL, apiUrl: fake.url, pollIntervalMs: 20, ...config }, context);
  return alerter as DiscordAlerter;
}

alerterSuite({
  name: "discord (contract fake)",
  create: () => discord(),
  capabilities: { ask: true },
  // A person answers with Discord's Reply on the question, as the question asks.
  async respond(question, reply) {
    const asked = await fake.waitFor(question.token);
    fake.userPosts(asked.channel_id, { ...alice, username: reply.respondent, global_name: null }, reply.text, asked);
  },
  async delivered(token) {
    const message = fake.find(token);
    return message && { text: messageText(message), channel: message.channel_id };
  },
  refusedMessage: { text: "to a channel that does not exist", channel: MISSING_CHANNEL },
  otherChannel: OTHER_CHANNEL,
});

flavorSuite({
  flavor: discordAlerter,
  validConfig: { token: TOKEN, channelId: CHANNEL },
  invalidConfigs: [
    { config: {}, path: "token" },
    { config: { token: TOKEN, channel: CHANNEL }, path: "channel" },
    { config: { token: TOKEN, channelId: "general" }, path: "channelId" },
    { config: { token: `Bot ${TOKEN}`, channelId: CHANNEL }, path: "token" },
    { config: { token: TOKEN, channelId: CHANNEL, askBy: "emoji" }, path: "askBy" },
    { config: { token: TOKEN, channelId: CHANNEL, apiUrl: "ftp://example.com" }, path: "apiUrl" },
  ],
  context,
  packageName: "@koan/discord",
});

describe("discord alerter against the contract fake", () => {
  let alerter: DiscordAlerter;
  beforeAll(async () => {
    alerter = await discord();
  });
  afterAll(() => alerter.close());

  const lastPost = () => fake.requests.filter((r) => r.method === "POST" && r.status === 200).at(-1)?.body as {
    content?: string;
    embeds?: FakeEmbed[];
    allowed_mentions?: unknown;
  };

  it("posts a message with context as an embed: title, fields, colour by status and the link", async () => {
    const result = await alerter.post({
      text: "Training **failed** after 3 epochs",
      context: { pipeline: "training", runName: "nightly", runId: "run-7", step: "train", status: "failed", url: "https://dash.example/runs/7", error: "CUDA out of memory" },
    });
    expect(result.ok, result.error).toBe(true);
    const message = fake.messages.find((m) => m.id === result.messageId);
    const embed = message?.embeds[0];
    expect(embed).toMatchObject({ title: "training · failed", description: "Training **failed** after 3 epochs", url: "https://dash.example/runs/7" });
    expect(embed?.fields?.map((f) => [f.name, f.value])).toEqual([
      ["Pipeline", "training"],
      ["Run", "nightly"],
      ["Run id", "run-7"],
      ["Step", "train"],
      ["Status", "failed"],
      ["Error", "```\nCUDA out of memory\n```"],
    ]);
    const succeeded = await alerter.post({ text: "done", context: { pipeline: "training", status: "completed" } });
    const green = fake.messages.find((m) => m.id === succeeded.messageId)?.embeds[0]?.color;
    expect(embed?.color).not.toBe(green);
    expect(lastPost().allowed_mentions).toEqual({ parse: [] });
  });

  it("shows a link that is not http(s) as a field, since Discord refuses it as the embed URL", async () => {
    const result = await alerter.post({ text: "see the run", context: { pipeline: "p", url: "file:///tmp/run.html" } });
    expect(result.ok, result.error).toBe(true);
    const embed = fake.messages.find((m) => m.id === result.messageId)?.embeds[0];
    expect(embed?.url).toBeUndefined();
    expect(embed?.fields).toContainEqual({ name: "Link", value: "file:///tmp/run.html", inline: true });
  });

  it("cuts a long plain message to Discord's 2,000 characters (code points) with a marker, and Discord accepts it", async () => {
    const text = `${"🚀".repeat(1500)}${"x".repeat(1500)}`;
    const result = await alerter.post({ text });
    expect(result.ok, result.error).toBe(true);
    const content = fake.messages.find((m) => m.id === result.messageId)?.content ?? "";
    expect([...content].length).toBe(2000);
    expect(content.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(content.startsWith("🚀".repeat(1500))).toBe(true);
  });

  it("keeps an embed within 4,096 for the text, 1,024 per field, 256 for the title and 6,000 in all", async () => {
    const result = await alerter.post({
      text: "t".repeat(10_000),
      context: { pipeline: "p".repeat(400), runName: "r".repeat(2000), step: "s".repeat(2000), status: "failed", error: "e".repeat(5000) },
    });
    expect(result.ok, result.error).toBe(true);
    const embed = fake.messages.find((m) => m.id === result.messageId)?.embeds[0] as FakeEmbed;
    const fields = embed.fields ?? [];
    expect([...(embed.title ?? "")].length).toBeLessThanOrEqual(256);
    expect(embed.description?.endsWith(TRUNCATION_MARKER)).toBe(true);
    for (const field of fields) expect([...field.value].length).toBeLessThanOrEqual(1024);
    expect(fields.find((f) => f.name === "Error")?.value).toContain(TRUNCATION_MARKER);
    const total = [embed.title, embed.description, ...fields.flatMap((f) => [f.name, f.value])].reduce((sum, s) => sum + [...(s ?? "")].length, 0);
    expect(total).toBeLessThanOrEqual(6000);
  });

  it("waits out a 429 for as long as Retry-After says, then delivers", async () => {
    fake.rateLimitNext(1);
    const before = fake.requests.length;
    const result = await alerter.post({ text: "after a rate limit" });
    expect(result.ok, result.error).toBe(true);
    const [limited, retried] = fake.requests.slice(before);
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(fake.messages.filter((m) => m.content === "after a rate limit")).toHaveLength(1);
  });

  it("resolves ok: false with Discord's reason for a channel the bot cannot see", async () => {
    const result = await alerter.post({ text: "hidden", channel: HIDDEN_CHANNEL });
    expect(result.ok).toBe(false);
    expect(result.error).toContain("Missing Access");
    expect(result.error).toContain("50001");
    expect(result.error).toContain("Invite the bot");
  });

  it("refuses a wrong token with InvalidConfigError naming the token, without printing it", async () => {
    const wrong = await discord({ token: "wrong-token-value-1234" });
    try {
      const error = await expectKoanError(wrong.post({ text: "hello" }), InvalidConfigError, "INVALID_CONFIG");
      expect(error.issues[0]?.path).toBe("token");
      expect(error.message).not.toContain("wrong-token-value-1234");
      // The REST client forgets a refused token; later calls say the same instead of something obscure.
      await expectKoanError(wrong.ask({ text: "q", timeoutMs: 100 }), InvalidConfigError, "INVALID_CONFIG");
    } finally {
      await wrong.close();
    }
  });

  it("rejects with ALERTER_UNREACHABLE when nothing listens at the API URL", async () => {
    const gone = await FakeDiscord.start({ token: TOKEN, channels: [CHANNEL] });
    const url = gone.url;
    await gone.close();
    const unreachable = await discord({ apiUrl: url });
    try {
      const error = await expectKoanError(unreachable.post({ text: "hello" }), AlerterUnreachableError, "ALERTER_UNREACHABLE");
      expect(error.message).toContain(url);
      expect(error.message).not.toContain(TOKEN);
    } finally {
      await unreachable.close();
    }
  });

  it("asking in a channel that does not exist rejects with ALERTER_REFUSED", async () => {
    await expectKoanError(alerter.ask({ text: "anyone?", channel: MISSING_CHANNEL, timeoutMs: 1000 }), AlerterRefusedError, "ALERTER_REFUSED");
  });

  it("reads plain messages too, but ignores the bot's own and replies to other messages", async () => {
    const token = `q-${Date.now()}`;
    const answer = alerter.ask({ text: `Deploy ${token}?`, timeoutMs: 30_000 });
    const question = await fake.waitFor(token);
    const notification = fake.messages.find((m) => m.author.id === fake.bot.id && m.id !== question.id) ?? question;
    fake.userPosts(CHANNEL, fake.bot, "yes"); // the bot's own message
    fake.userPosts(CHANNEL, alice, "yes", notification); // a reply to another message
    fake.userPosts(CHANNEL, alice, "no"); // a plain message: an answer
    await expect(answer).resolves.toEqual({ approved: false, reason: "rejected", respondent: "Alice A.", answer: "no" });
  });

  it("finds the answer behind more than 100 messages of chatter", async () => {
    const token = `busy-${Date.now()}`;
    const slow = await discord({ pollIntervalMs: 500 });
    try {
      const answer = slow.ask({ text: `Ship ${token}?`, timeoutMs: 30_000 });
      const question = await fake.waitFor(token);
      for (let i = 0; i < 150; i++) fake.userPosts(CHANNEL, alice, `chatter ${i}`);
      fake.userPosts(CHANNEL, alice, "LGTM", question);
      await expect(answer).resolves.toMatchObject({ approved: true, answer: "LGTM" });
    } finally {
      await slow.close();
    }
  });

  it("without the Message Content intent, still reads Discord replies to the question (they mention the bot)", async () => {
    const blind = await FakeDiscord.start({ token: TOKEN, channels: [CHANNEL], messageContentIntent: false });
    const alerter = (await discordAlerter.createComponent({ token: TOKEN, channelId: CHANNEL, apiUrl: blind.url, pollIntervalMs: 20 }, context)) as DiscordAlerter;
    try {
      const answer = alerter.ask({ text: "Promote the model?", timeoutMs: 30_000 });
      const question = await blind.waitFor("Promote the model?");
      expect(question.content).toContain("Reply to this message with **approve** or **reject**");
      blind.userPosts(CHANNEL, alice, "yes"); // blanked for the bot: not an answer
      blind.userPosts(CHANNEL, alice, "reject", question);
      await expect(answer).resolves.toMatchObject({ approved: false, reason: "rejected", answer: "reject" });
    } finally {
      await alerter.close();
      await blind.close();
    }
  });

  describe("askBy: reactions", () => {
    let reacting: Alerter;
    beforeAll(async () => {
      reacting = await discord({ askBy: "reactions" });
    });
    afterAll(() => reacting.close?.());

    it("adds ✅ and ❌ to the question and approves on a person's ✅, ignoring other reactions and replies", async () => {
      const token = `react-${Date.now()}`;
      const answer = reacting.ask({ text: `Deploy ${token}?`, timeoutMs: 30_000 });
      const question = await fake.waitFor(token);
      expect(question.content).toContain("React with ✅ to approve or ❌ to reject.");
      await expect.poll(() => question.reactions.get("❌")).toEqual([fake.bot.id]);
      expect(question.reactions.get("✅")).toEqual([fake.bot.id]);
      fake.userReacts(question, "👀", alice);
      fake.userPosts(CHANNEL, alice, "no", question);
      fake.userReacts(question, "✅", alice);
      await expect(answer).resolves.toEqual({ approved: true, reason: "approved", respondent: "Alice A.", answer: "✅" });
    });

    it("rejects on ❌", async () => {
      const token = `react-no-${Date.now()}`;
      const answer = reacting.ask({ text: `Deploy ${token}?`, timeoutMs: 30_000 });
      const question = await fake.waitFor(token);
      fake.userReacts(question, "❌", alice);
      await expect(answer).resolves.toMatchObject({ approved: false, reason: "rejected", answer: "❌" });
    });

    it("times out as not approved when only the bot reacted", async () => {
      await expect(reacting.ask({ text: `Nobody ${Date.now()}`, timeoutMs: 200 })).resolves.toEqual({ approved: false, reason: "timeout" });
    });
  });
});
