/** A reply to a posted message. */
export interface ChatReply {
  readonly id: string;
  readonly user: string;
  readonly text: string;
}

export type PostOutcome = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly error: string };

/**
 * The two calls the alerter needs from a chat service. A real integration
 * implements them with the service's SDK or HTTP API (Slack's
 * `chat.postMessage` and `conversations.replies`).
 */
export interface ChatService {
  postMessage(channel: string, text: string): Promise<PostOutcome>;
  /** Replies to a message, oldest first. */
  replies(channel: string, messageId: string): Promise<ChatReply[]>;
}

interface StoredMessage {
  readonly id: string;
  readonly channel: string;
  readonly text: string;
  readonly replies: ChatReply[];
}

/**
 * A chat service held in memory: the stand-in the email's alerter talks
 * to. Its `find` and `reply` play the person on the other side in tests.
 */
export class MemoryChatService implements ChatService {
  readonly #channels: ReadonlySet<string>;
  readonly #messages: StoredMessage[] = [];
  #nextId = 1;

  constructor(channels: readonly string[]) {
    this.#channels = new Set(channels);
  }

  async postMessage(channel: string, text: string): Promise<PostOutcome> {
    if (!this.#channels.has(channel)) return { ok: false, error: `channel_not_found: ${channel}` };
    const id = String(this.#nextId++);
    this.#messages.push({ id, channel, text, replies: [] });
    return { ok: true, id };
  }

  async replies(channel: string, messageId: string): Promise<ChatReply[]> {
    const message = this.#messages.find((m) => m.id === messageId && m.channel === channel);
    return message ? [...message.replies] : [];
  }

  /** The first message whose text contains `token`. */
  find(token: string): { readonly id: string; readonly channel: string; readonly text: string } | undefined {
    return this.#messages.find((m) => m.text.includes(token));
  }

  /** Replies to a message as `user`. */
  reply(messageId: string, user: string, text: string): void {
    const message = this.#messages.find((m) => m.id === messageId);
    if (!message) throw new Error(`No message ${messageId}`);
    message.replies.push({ id: `${messageId}.${message.replies.length + 1}`, user, text });
  }
}
