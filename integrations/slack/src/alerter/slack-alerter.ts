import { AlerterRefusedError, AlerterUnreachableError, answerOf, answerWords, pollForAnswer, throwIfAborted } from "@koan/core";
import type { AnswerWords } from "@koan/core";
import type { Alerter, AlerterMessage, AlerterQuestion, ApprovalResult, PostResult } from "@koan/core/contracts";
import { LogLevel, WebAPIPlatformError, WebClient } from "@slack/web-api";
import type { Logger } from "@slack/web-api";
import { slackMessage } from "./slack-message.js";

export interface SlackAlerterOptions {
  /** The bot token (`xoxb-...`), already resolved from its secret reference. */
  readonly token: string;
  /** Channel id messages and questions go to unless they name their own. */
  readonly channel: string;
  /** Base url of the Web API; Slack's own unless set (a proxy, a test server). */
  readonly apiUrl?: string | undefined;
  readonly approveWords: readonly string[];
  readonly rejectWords: readonly string[];
  /** How long `ask` waits when the question does not say. */
  readonly timeoutMs: number;
  /** How often `ask` reads the replies. */
  readonly pollIntervalMs: number;
  /** Also take answers posted in the channel after the question, not only replies in its thread. */
  readonly answersInChannel: boolean;
  /** Retries of a call that failed to connect or was rate limited (429; the wait is Slack's Retry-After). */
  readonly maxRetries: number;
  /** Gives up on one HTTP request after this long. */
  readonly requestTimeoutMs: number;
}

/** A message as `conversations.replies` and `conversations.history` return it. */
interface SlackHistoryMessage {
  readonly ts?: string;
  readonly user?: string;
  readonly bot_id?: string;
  readonly subtype?: string;
  readonly text?: string;
  readonly thread_ts?: string;
}

/**
 * Posts to Slack with `chat.postMessage` (text plus Block Kit blocks with
 * the run's facts) and asks for approval by reading the replies in the
 * question's thread (and, if configured, the channel) until one matches an
 * approve or reject word or the timeout passes.
 *
 * Rate limits: the WebClient honours a 429's Retry-After (it pauses its
 * queue for that long, then retries, up to `maxRetries` times). Slack now
 * allows some apps as little as one `conversations.replies` call a minute,
 * so keep `pollIntervalMs` generous; a 429 then only delays the answer.
 */
export class SlackAlerter implements Alerter {
  readonly specVersion = 1 as const;
  readonly type = "alerter" as const;
  readonly flavor = "slack";
  readonly client: WebClient;

  constructor(readonly options: SlackAlerterOptions) {
    this.client = new WebClient(options.token, {
      ...(options.apiUrl !== undefined ? { slackApiUrl: options.apiUrl } : {}),
      // Rate-limited calls wait for Retry-After and are retried, within these retries.
      rejectRateLimitedCalls: false,
      retryConfig: { retries: options.maxRetries, factor: 2, minTimeout: 500, maxTimeout: 30_000, randomize: true },
      timeout: options.requestTimeoutMs,
      logger: quietLogger(),
      // Absolute urls would let a method name send the token to another host.
      allowAbsoluteUrls: false,
    });
  }

  async post(message: AlerterMessage): Promise<PostResult> {
    const channel = message.channel ?? this.options.channel;
    const content = slackMessage(message.text, message.context);
    try {
      const result = await this.client.chat.postMessage({ channel, text: content.text, blocks: [...content.blocks], unfurl_links: false, unfurl_media: false });
      return result.ts !== undefined ? { ok: true, messageId: result.ts } : { ok: true };
    } catch (error) {
      // A refusal (unknown channel, revoked token) is an answer, not an exception.
      if (error instanceof WebAPIPlatformError) return { ok: false, error: error.data.error };
      throw unreachable(this.options.apiUrl, "post a message", error);
    }
  }

  async ask(question: AlerterQuestion): Promise<ApprovalResult> {
    const { signal } = question;
    throwIfAborted(signal);
    const words = answerWords(question, this.options);
    const channel = question.channel ?? this.options.channel;
    const hint = `Reply in this thread with "${words.approve[0] ?? "approve"}" to approve or "${words.reject[0] ?? "reject"}" to reject.`;
    const content = slackMessage(question.text, question.context, hint);
    let ts: string;
    try {
      const posted = await this.client.chat.postMessage({ channel, text: content.text, blocks: [...content.blocks], unfurl_links: false, unfurl_media: false });
      ts = posted.ts ?? "";
    } catch (error) {
      if (error instanceof WebAPIPlatformError) {
        throw new AlerterRefusedError("slack", `${error.data.error} (posting the question in channel ${channel})`, "Check the channel id, that the app is in the channel, and the token's chat:write scope.");
      }
      throw unreachable(this.options.apiUrl, "post the question", error);
    }
    if (ts === "") throw unreachable(this.options.apiUrl, "post the question", new Error("Slack accepted the question but did not return its ts, so its replies cannot be read"));

    const answer = await pollForAnswer(() => this.#firstAnswer(channel, ts, words), {
      timeoutMs: question.timeoutMs ?? this.options.timeoutMs,
      intervalMs: this.options.pollIntervalMs,
      signal,
    });
    return this.#confirm(channel, ts, answer);
  }

  /**
   * Says in the question's thread how it was decided, so people see that
   * the pipeline heard them (or gave up waiting). Best effort: the decision
   * stands even if this message cannot be posted.
   */
  async #confirm(channel: string, ts: string, result: ApprovalResult): Promise<ApprovalResult> {
    const who = result.respondent !== undefined ? ` by <@${result.respondent}>` : "";
    const text =
      result.reason === "approved" ? `Approved${who}: the pipeline goes on.` : result.reason === "rejected" ? `Rejected${who}: the pipeline stops here.` : "No answer in time: treated as a reject, the pipeline stops here.";
    await this.client.chat.postMessage({ channel, thread_ts: ts, text }).catch(() => undefined);
    return result;
  }

  /** The first reply, oldest first, that approves or rejects; people only, not bots (this one included). */
  async #firstAnswer(channel: string, ts: string, words: AnswerWords): Promise<ApprovalResult | undefined> {
    const messages = await this.#readAnswers(channel, ts);
    for (const message of messages) {
      if (message.ts === ts || message.bot_id !== undefined || message.subtype !== undefined || message.text === undefined) continue;
      const answer = answerOf(message.text, words, message.user);
      if (answer) return answer;
    }
    return undefined;
  }

  async #readAnswers(channel: string, ts: string): Promise<SlackHistoryMessage[]> {
    try {
      const thread = await this.client.conversations.replies({ channel, ts, oldest: ts, limit: 200 });
      const replies: SlackHistoryMessage[] = [...(thread.messages ?? [])];
      if (this.options.answersInChannel) {
        const history = await this.client.conversations.history({ channel, oldest: ts, limit: 200 });
        // history lists newest first; answers are taken oldest first, thread replies before channel ones.
        replies.push(...[...(history.messages ?? [])].reverse());
      }
      return replies;
    } catch (error) {
      if (error instanceof WebAPIPlatformError) {
        throw new AlerterRefusedError(
          "slack",
          `${error.data.error} (listing the answers in channel ${channel})`,
          "The token needs the channels:history (or groups:history for a private channel) scope.",
        );
      }
      throw unreachable(this.options.apiUrl, "read the answers", error);
    }
  }
}

/** A broken connection (or a server that is not Slack) as an `AlerterUnreachableError`; the token is never part of it. */
function unreachable(apiUrl: string | undefined, what: string, error: unknown): AlerterUnreachableError {
  const reason = error instanceof Error ? error.message : String(error);
  return new AlerterUnreachableError("slack", apiUrl ?? "Slack's Web API", `could not ${what} (${reason})`, { hint: "Check the network and the alerter's apiUrl.", cause: error });
}

/** The WebClient's own logging goes to the console at info level; keep only errors (it redacts tokens). */
function quietLogger(): Logger {
  let level = LogLevel.ERROR;
  const name = "koan-slack";
  return {
    debug() {},
    info() {},
    warn() {},
    error(...messages: unknown[]) {
      process.stderr.write(`${name}: ${messages.map(String).join(" ")}\n`);
    },
    setLevel(next: LogLevel) {
      level = next;
    },
    getLevel() {
      return level;
    },
    setName() {},
  };
}
