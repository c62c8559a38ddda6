import { z } from "zod";
import type { Alerter, AlerterContext, AlerterMessage, AlerterQuestion, ApprovalResult, PostResult } from "../../src/contracts.js";
import { abortError, throwIfAborted } from "../../src/alerter/abort.js";
import { answerOf, answerWords } from "../../src/alerter/answer-words.js";
import { defineFlavor } from "../../src/registry/flavor.js";

/** A message the memory alerter received. */
export interface PostedMessage {
  readonly id: string;
  readonly channel: string;
  readonly text: string;
  readonly context: AlerterContext | undefined;
  readonly question: boolean;
}

/**
 * An alerter held in memory: the test double for core's alerter steps and
 * hooks. It keeps the contract (refuses unknown channels with `ok: false`,
 * matches replies case-insensitively, times out, honours the abort signal);
 * `nextQuestion` and `reply` play the person on the other side.
 */
export class MemoryAlerter implements Alerter {
  readonly type = "alerter" as const;
  readonly specVersion = 1 as const;
  readonly flavor = "memory";
  readonly messages: PostedMessage[] = [];
  readonly #replyListeners = new Map<string, (user: string, text: string) => void>();
  readonly #questionWaiters: ((message: PostedMessage) => void)[] = [];
  /** Questions asked before a test waited for them. */
  readonly #pendingQuestions: PostedMessage[] = [];
  #nextId = 1;

  constructor(
    readonly channel: string,
    readonly otherChannels: readonly string[] = [],
    readonly defaultTimeoutMs = 60_000,
  ) {}

  async post(message: AlerterMessage): Promise<PostResult> {
    const posted = this.#store(message, false);
    return posted ? { ok: true, messageId: posted.id } : { ok: false, error: `channel_not_found: ${message.channel ?? this.channel}` };
  }

  async ask(question: AlerterQuestion): Promise<ApprovalResult> {
    const { signal } = question;
    throwIfAborted(signal);
    const words = answerWords(question);
    const posted = this.#store(question, true);
    if (!posted) throw new Error(`channel_not_found: ${question.channel ?? this.channel}`);
    return new Promise<ApprovalResult>((resolve, fail) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.#replyListeners.delete(posted.id);
      };
      const onAbort = () => {
        done();
        fail(abortError(signal as AbortSignal));
      };
      const timer = setTimeout(() => {
        done();
        resolve({ approved: false, reason: "timeout" });
      }, question.timeoutMs ?? this.defaultTimeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#replyListeners.set(posted.id, (user, text) => {
        const answer = answerOf(text, words, user);
        if (answer) {
          done();
          resolve(answer);
        }
      });
      this.#notifyQuestion(posted);
    });
  }

  /** The next question asked (or the oldest one not handed out yet). */
  nextQuestion(): Promise<PostedMessage> {
    const pending = this.#pendingQuestions.shift();
    if (pending) return Promise.resolve(pending);
    return new Promise((resolve) => this.#questionWaiters.push(resolve));
  }

  /** Replies to a question as `user`; false when nobody waits for an answer to it any more. */
  reply(messageId: string, user: string, text: string): boolean {
    const listener = this.#replyListeners.get(messageId);
    listener?.(user, text);
    return listener !== undefined;
  }

  #store(message: AlerterMessage, question: boolean): PostedMessage | undefined {
    const channel = message.channel ?? this.channel;
    if (channel !== this.channel && !this.otherChannels.includes(channel)) return undefined;
    const posted: PostedMessage = { id: String(this.#nextId++), channel, text: message.text, context: message.context, question };
    this.messages.push(posted);
    return posted;
  }

  #notifyQuestion(posted: PostedMessage): void {
    const waiter = this.#questionWaiters.shift();
    if (waiter) waiter(posted);
    else this.#pendingQuestions.push(posted);
  }
}

/** Alerters the `memory` test flavor hands out, by key: a test keeps the instance to read what was posted. */
const instances = new Map<string, MemoryAlerter>();

/** Registers `alerter` under a fresh key and returns the stack component spec that creates it. */
export function memoryAlerterComponent(alerter: MemoryAlerter) {
  const key = `memory-${instances.size + 1}`;
  instances.set(key, alerter);
  return memoryAlerterFlavor.configure({ key });
}

export const memoryAlerterFlavor = defineFlavor({
  type: "alerter",
  name: "memory",
  description: "An alerter held in memory (core's tests)",
  packageName: "@koan/core",
  configSchema: z.object({ key: z.string() }),
  async create(config) {
    const alerter = instances.get(config.key);
    if (!alerter) throw new Error(`No memory alerter "${config.key}"`);
    return alerter;
  },
});
