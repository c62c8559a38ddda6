import { abortError, AlerterUnreachableError, answerOf, answerWords, InvalidConfigError, pollForAnswer, throwIfAborted } from "@koan/core";
import type { AnswerWords } from "@koan/core";
import type { Alerter, AlerterMessage, AlerterQuestion, ApprovalResult, PostResult } from "@koan/core/contracts";
import type { APIMessage, APIUser } from "discord-api-types/v10";
import type { DiscordApi } from "./discord-api.js";
import { DiscordRefused } from "./discord-refused.js";
import { discordMessage } from "./discord-message.js";

export interface DiscordAlerterOptions {
  /** Where messages go unless a message names its own channel id. */
  readonly channelId: string;
  /** How people answer questions. */
  readonly askBy: "replies" | "reactions";
  readonly approveEmoji: string;
  readonly rejectEmoji: string;
  /** How long `ask` waits when the question does not say. */
  readonly timeoutMs: number;
  /** How often `ask` looks for answers. */
  readonly pollIntervalMs: number;
  /** Named in messages about an unreachable API. */
  readonly apiUrl: string;
}

/** Where one question is waiting for its answer. */
interface AskedQuestion {
  readonly channelId: string;
  readonly messageId: string;
  readonly bot: APIUser;
  readonly words: AnswerWords;
  readonly signal: AbortSignal | undefined;
  /** The newest message already read (replies mode). */
  cursor: string;
}

/**
 * Posts to a Discord channel as a bot and asks for approval, reading the
 * answers by polling Discord's REST API (no gateway connection). The token
 * lives only inside the REST client, never on this object.
 */
export class DiscordAlerter implements Alerter {
  readonly specVersion = 1 as const;
  readonly type = "alerter" as const;
  readonly flavor = "discord";
  readonly options: DiscordAlerterOptions;
  readonly #api: DiscordApi;
  /** Set once Discord refused the token: the REST client forgets a refused token, so every later call fails the same way. */
  #tokenRefused = false;

  constructor(api: DiscordApi, options: DiscordAlerterOptions) {
    this.#api = api;
    this.options = options;
  }

  async post(message: AlerterMessage): Promise<PostResult> {
    const channelId = message.channel ?? this.options.channelId;
    try {
      const sent = await this.#call(() => this.#api.createMessage(channelId, discordMessage(message.text, message.context)), undefined);
      return { ok: true, messageId: sent.id };
    } catch (error) {
      // A refusal is an answer, not an exception: pipelines keep going when a notification fails.
      if (error instanceof DiscordRefused) return { ok: false, error: error.message };
      throw error;
    }
  }

  async ask(question: AlerterQuestion): Promise<ApprovalResult> {
    const { signal } = question;
    throwIfAborted(signal);
    const channelId = question.channel ?? this.options.channelId;
    const words = answerWords(question);
    const { approveEmoji, rejectEmoji } = this.options;
    const footnote =
      this.options.askBy === "reactions"
        ? `React with ${approveEmoji} to approve or ${rejectEmoji} to reject.`
        : `Reply to this message with **${words.approve[0] ?? "approve"}** or **${words.reject[0] ?? "reject"}**.`;
    const bot = await this.#call(() => this.#api.me(), signal);
    const posted = await this.#call(() => this.#api.createMessage(channelId, discordMessage(question.text, question.context, footnote), signal), signal);
    const asked: AskedQuestion = { channelId, messageId: posted.id, bot, words, signal, cursor: posted.id };
    if (this.options.askBy === "reactions") {
      // The bot's own reactions are the buttons people click; they are not answers.
      await this.#call(() => this.#api.addReaction(channelId, posted.id, approveEmoji, signal), signal);
      await this.#call(() => this.#api.addReaction(channelId, posted.id, rejectEmoji, signal), signal);
    }
    return pollForAnswer(() => (this.options.askBy === "reactions" ? this.#reactionAnswer(asked) : this.#replyAnswer(asked)), {
      timeoutMs: question.timeoutMs ?? this.options.timeoutMs,
      intervalMs: this.options.pollIntervalMs,
      signal,
    });
  }

  async close(): Promise<void> {
    this.#api.close();
  }

  /** The first message after the question that approves or rejects, reading every page since the last poll. */
  async #replyAnswer(asked: AskedQuestion): Promise<ApprovalResult | undefined> {
    for (;;) {
      const page = await this.#call(() => this.#api.messagesAfter(asked.channelId, asked.cursor, asked.signal), asked.signal);
      for (const message of page) {
        asked.cursor = message.id;
        const answer = replyAnswer(message, asked);
        if (answer) return answer;
      }
      if (page.length < 100) return undefined;
    }
  }

  /** An answer by reaction; a reject wins over an approve seen in the same poll, since their order is unknown. */
  async #reactionAnswer(asked: AskedQuestion): Promise<ApprovalResult | undefined> {
    const { channelId, messageId, signal } = asked;
    const people = (users: APIUser[]) => users.filter((user) => user.id !== asked.bot.id);
    const rejecters = people(await this.#call(() => this.#api.reactionUsers(channelId, messageId, this.options.rejectEmoji, signal), signal));
    if (rejecters[0]) return { approved: false, reason: "rejected", respondent: displayName(rejecters[0]), answer: this.options.rejectEmoji };
    const approvers = people(await this.#call(() => this.#api.reactionUsers(channelId, messageId, this.options.approveEmoji, signal), signal));
    if (approvers[0]) return { approved: true, reason: "approved", respondent: displayName(approvers[0]), answer: this.options.approveEmoji };
    return undefined;
  }

  /**
   * Runs one API call and sorts its failures: an aborted signal rejects with
   * an `AbortError`; a refused token with `InvalidConfigError`; any other
   * refusal with `DiscordRefused` (which `post` turns into `ok: false`); a
   * broken connection with `ALERTER_UNREACHABLE`.
   */
  async #call<T>(action: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (this.#tokenRefused) throw tokenRefused();
    try {
      return await action();
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      if (error instanceof DiscordRefused && error.status === 401) {
        this.#tokenRefused = true;
        throw tokenRefused();
      }
      if (error instanceof DiscordRefused) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new AlerterUnreachableError("discord", this.options.apiUrl, reason, { hint: "Check the network and the apiUrl setting.", cause: error });
    }
  }
}

function tokenRefused(): InvalidConfigError {
  return new InvalidConfigError("alerter/discord", [
    { path: "token", message: "Discord answered 401 Unauthorized: the bot token is wrong or was reset; store the current token in the secret the config refers to" },
  ]);
}

/** A reply that answers the question: not the bot's own, not a reply to another message, and an approve or reject word. */
function replyAnswer(message: APIMessage, asked: AskedQuestion): ApprovalResult | undefined {
  if (message.author.id === asked.bot.id) return undefined;
  const repliesTo = message.message_reference?.message_id;
  if (repliesTo !== undefined && repliesTo !== asked.messageId) return undefined;
  return answerOf(message.content, asked.words, displayName(message.author));
}

function displayName(user: APIUser): string {
  return user.global_name ?? user.username;
}
