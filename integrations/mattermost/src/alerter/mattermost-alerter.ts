import { abortError, answerOf, answerWords, InvalidConfigError, NotSupportedError, pollForAnswer, throwIfAborted } from "@koan/core";
import type { Alerter, AlerterMessage, AlerterQuestion, ApprovalResult, PostResult } from "@koan/core/contracts";
import type { MattermostApi, MattermostWebhook } from "./mattermost-api.js";
import { mattermostContent } from "./mattermost-message.js";
import { MattermostRefused } from "./mattermost-refused.js";

export interface MattermostAlerterOptions {
  /** Where messages go through the API unless a message names its own channel id. */
  readonly channelId?: string;
  /** How long `ask` waits when the question does not say. */
  readonly timeoutMs: number;
  /** How often `ask` looks for replies. */
  readonly pollIntervalMs: number;
}

/** Where messages go: the REST API (can ask), or an incoming webhook (post only). */
export type MattermostTransport = { readonly api: MattermostApi } | { readonly webhook: MattermostWebhook };

/**
 * Posts to a Mattermost channel and asks for approval in the question's
 * thread, through the REST API v4; or only posts, through an incoming
 * webhook. Credentials stay inside the transport, never on this object.
 */
export class MattermostAlerter implements Alerter {
  readonly specVersion = 1 as const;
  readonly type = "alerter" as const;
  readonly flavor = "mattermost";
  readonly options: MattermostAlerterOptions;
  readonly #transport: MattermostTransport;

  constructor(transport: MattermostTransport, options: MattermostAlerterOptions) {
    this.#transport = transport;
    this.options = options;
  }

  /** True when questions can be asked (the REST API is configured, not only a webhook). */
  get canAsk(): boolean {
    return "api" in this.#transport;
  }

  async post(message: AlerterMessage): Promise<PostResult> {
    const content = mattermostContent(message.text, message.context);
    try {
      if ("webhook" in this.#transport) {
        await this.#transport.webhook.send({
          text: content.message,
          ...(content.attachments ? { attachments: content.attachments } : {}),
          ...(message.channel !== undefined ? { channel: message.channel } : {}),
        });
        return { ok: true };
      }
      const channelId = message.channel ?? this.#channelId();
      const post = await guard(() =>
        (this.#transport as { api: MattermostApi }).api.createPost({
          channel_id: channelId,
          message: content.message,
          ...(content.attachments ? { props: { attachments: content.attachments } } : {}),
        }),
      );
      return { ok: true, messageId: post.id, url: `${(this.#transport as { api: MattermostApi }).api.server}/_redirect/pl/${post.id}` };
    } catch (error) {
      // A refusal is an answer, not an exception: pipelines keep going when a notification fails.
      if (error instanceof MattermostRefused) return { ok: false, error: error.message };
      throw error;
    }
  }

  async ask(question: AlerterQuestion): Promise<ApprovalResult> {
    if (!("api" in this.#transport)) {
      throw new NotSupportedError(
        "The mattermost alerter with an incoming webhook",
        "ask",
        "A webhook cannot read replies; configure url, token and channelId (a bot or personal access token) to ask questions",
      );
    }
    const { api } = this.#transport;
    const { signal } = question;
    throwIfAborted(signal);
    const channelId = question.channel ?? this.#channelId();
    const words = answerWords(question);
    const footnote = `Reply in this thread with **${words.approve[0] ?? "approve"}** or **${words.reject[0] ?? "reject"}**.`;
    const content = mattermostContent(question.text, question.context, footnote);
    const me = await guard(() => api.me(signal), signal);
    const asked = await guard(
      () => api.createPost({ channel_id: channelId, message: content.message, ...(content.attachments ? { props: { attachments: content.attachments } } : {}) }, signal),
      signal,
    );
    const seen = new Set<string>();
    const answer = async (): Promise<ApprovalResult | undefined> => {
      const replies = await guard(() => api.replies(asked.id, signal), signal);
      for (const reply of replies) {
        if (seen.has(reply.id)) continue;
        seen.add(reply.id);
        if (reply.user_id === me.id) continue;
        const found = answerOf(reply.message, words);
        if (found) return { ...found, respondent: await api.username(reply.user_id, signal) };
      }
      return undefined;
    };
    return pollForAnswer(answer, { timeoutMs: question.timeoutMs ?? this.options.timeoutMs, intervalMs: this.options.pollIntervalMs, signal });
  }

  #channelId(): string {
    if (this.options.channelId === undefined) throw new InvalidConfigError("alerter/mattermost", [{ path: "channelId", message: "required to post through the REST API" }]);
    return this.options.channelId;
  }
}

/** Runs a call, turning a refused token into `InvalidConfigError` and an abort into an `AbortError`. */
async function guard<T>(action: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (signal?.aborted) throw abortError(signal);
    if (error instanceof MattermostRefused && error.status === 401) {
      throw new InvalidConfigError("alerter/mattermost", [
        { path: "token", message: `Mattermost answered 401 (${error.errorId || "unauthorized"}): the token is wrong, expired or revoked; store a valid bot or personal access token in the secret the config refers to` },
      ]);
    }
    throw error;
  }
}
