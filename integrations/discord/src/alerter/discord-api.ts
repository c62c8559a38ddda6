import { DiscordAPIError, HTTPError, REST } from "@discordjs/rest";
import { Routes } from "discord-api-types/v10";
import type { APIMessage, APIUser, RESTPostAPIChannelMessageJSONBody } from "discord-api-types/v10";
import { DiscordRefused } from "./discord-refused.js";

export interface DiscordApiOptions {
  /** The bot token, without the `Bot ` prefix (the client adds it). */
  readonly token: string;
  /** Base URL of the API, without the version: `https://discord.com/api`. */
  readonly apiUrl: string;
  /** How long one request may take before it is retried, in milliseconds. */
  readonly requestTimeoutMs: number;
}

/** A `DiscordAPIError` or `HTTPError` as a `DiscordRefused`; anything else (a broken connection) unchanged. */
function translate(error: unknown): unknown {
  if (error instanceof DiscordAPIError) {
    return new DiscordRefused({ status: error.status, code: typeof error.code === "number" ? error.code : 0, message: error.message });
  }
  if (error instanceof HTTPError) return new DiscordRefused({ status: error.status, code: 0, message: error.message });
  return error;
}

/** Awaits a REST call, turning Discord's error answers into `DiscordRefused`. */
async function answer<T>(request: Promise<unknown>): Promise<T> {
  try {
    return (await request) as T;
  } catch (error) {
    throw translate(error);
  }
}

/**
 * The few Discord REST calls the alerter makes, over `@discordjs/rest`
 * (which waits out 429 answers and follows the X-RateLimit headers). No
 * gateway connection: answers are read by polling. Discord's error answers
 * reject with `DiscordRefused`.
 */
export class DiscordApi {
  readonly #rest: REST;
  #me: Promise<APIUser> | undefined;

  constructor(options: DiscordApiOptions) {
    this.#rest = new REST({ api: options.apiUrl, version: "10", timeout: options.requestTimeoutMs, retries: 3 }).setToken(options.token);
  }

  /** The bot's own user, fetched once: its messages and reactions are not answers. */
  me(): Promise<APIUser> {
    this.#me ??= answer<APIUser>(this.#rest.get(Routes.user("@me"))).catch((error: unknown) => {
      this.#me = undefined; // a failed lookup is tried again next time
      throw error;
    });
    return this.#me;
  }

  createMessage(channelId: string, body: RESTPostAPIChannelMessageJSONBody, signal?: AbortSignal): Promise<APIMessage> {
    return answer<APIMessage>(this.#rest.post(Routes.channelMessages(channelId), { body, ...(signal ? { signal } : {}) }));
  }

  /** Up to 100 messages posted after `afterId`, oldest first. */
  async messagesAfter(channelId: string, afterId: string, signal?: AbortSignal): Promise<APIMessage[]> {
    const query = new URLSearchParams({ after: afterId, limit: "100" });
    const page = await answer<APIMessage[]>(this.#rest.get(Routes.channelMessages(channelId), { query, ...(signal ? { signal } : {}) }));
    // Discord answers newest first; snowflakes grow with time, so their numeric order is posting order.
    return [...page].sort((a, b) => compareSnowflakes(a.id, b.id));
  }

  async addReaction(channelId: string, messageId: string, emoji: string, signal?: AbortSignal): Promise<void> {
    await answer<unknown>(this.#rest.put(Routes.channelMessageOwnReaction(channelId, messageId, encodeURIComponent(emoji)), signal ? { signal } : {}));
  }

  /** Up to 100 users who reacted with `emoji`. */
  async reactionUsers(channelId: string, messageId: string, emoji: string, signal?: AbortSignal): Promise<APIUser[]> {
    const query = new URLSearchParams({ limit: "100" });
    return answer<APIUser[]>(
      this.#rest.get(Routes.channelMessageReaction(channelId, messageId, encodeURIComponent(emoji)), { query, ...(signal ? { signal } : {}) }),
    );
  }

  /** Stops the client's sweep timers. */
  close(): void {
    this.#rest.clearHashSweeper();
    this.#rest.clearHandlerSweeper();
  }
}

export function compareSnowflakes(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
