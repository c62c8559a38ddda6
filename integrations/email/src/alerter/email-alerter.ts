import { NotSupportedError } from "@koan/core";
import type { Alerter, AlerterContext, AlerterMessage, AlerterQuestion, ApprovalResult, PostResult } from "@koan/core/contracts";
import type { ChatService } from "./chat-service.js";

export interface EmailAlerterOptions {
  /** Where messages go unless a message names its own channel. */
  readonly channel: string;
  /** How long `ask` waits when the question does not say. */
  readonly timeoutMs: number;
  /** How often `ask` looks for replies. */
  readonly pollIntervalMs: number;
  /** False for services that cannot read replies (webhooks, email). */
  readonly canAsk: boolean;
}

const DEFAULT_APPROVE = ["approve", "yes", "lgtm"];
const DEFAULT_REJECT = ["reject", "no"];

/** Posts to a chat service and waits for approval in the replies to a question. */
export class EmailAlerter implements Alerter {
  readonly specVersion = 1 as const;
  readonly type = "alerter" as const;
  readonly flavor = "email";

  constructor(
    readonly service: ChatService,
    readonly options: EmailAlerterOptions,
  ) {}

  async post(message: AlerterMessage): Promise<PostResult> {
    const outcome = await this.service.postMessage(message.channel ?? this.options.channel, render(message.text, message.context));
    // A refusal is an answer, not an exception: pipelines keep going when a notification fails.
    return outcome.ok ? { ok: true, messageId: outcome.id } : { ok: false, error: outcome.error };
  }

  async ask(question: AlerterQuestion): Promise<ApprovalResult> {
    if (!this.options.canAsk) {
      throw new NotSupportedError(`The email alerter`, "ask", "Its service cannot read replies; use post, or an alerter that can ask");
    }
    const { signal } = question;
    signal?.throwIfAborted();
    const approve = (question.approveWords ?? DEFAULT_APPROVE).map(normalize);
    const reject = (question.rejectWords ?? DEFAULT_REJECT).map(normalize);
    const channel = question.channel ?? this.options.channel;
    const hint = `Reply ${approve[0] ?? "approve"} or ${reject[0] ?? "reject"}.`;
    const posted = await this.service.postMessage(channel, `${render(question.text, question.context)}\n\n${hint}`);
    if (!posted.ok) throw new Error(`Could not post the question to ${channel}: ${posted.error}`);

    const deadline = Date.now() + (question.timeoutMs ?? this.options.timeoutMs);
    let seen = 0;
    for (;;) {
      signal?.throwIfAborted();
      const replies = await this.service.replies(channel, posted.id);
      for (const reply of replies.slice(seen)) {
        const word = normalize(reply.text);
        if (approve.includes(word)) return { approved: true, reason: "approved", respondent: reply.user, answer: reply.text };
        if (reject.includes(word)) return { approved: false, reason: "rejected", respondent: reply.user, answer: reply.text };
      }
      seen = replies.length;
      const left = deadline - Date.now();
      if (left <= 0) return { approved: false, reason: "timeout" };
      await sleep(Math.min(this.options.pollIntervalMs, left), signal);
    }
  }
}

function normalize(word: string): string {
  return word.trim().toLowerCase();
}

/** The message text with its context as plain lines. */
function render(text: string, context: AlerterContext | undefined): string {
  if (!context) return text;
  const facts = [
    context.pipeline && `pipeline: ${context.pipeline}`,
    context.runName && `run: ${context.runName}`,
    context.runId && `run id: ${context.runId}`,
    context.step && `step: ${context.step}`,
    context.status && `status: ${context.status}`,
  ].filter(Boolean);
  const lines = [text];
  if (facts.length) lines.push(facts.join(" · "));
  if (context.error) lines.push(`error: ${context.error}`);
  if (context.url) lines.push(context.url);
  return lines.join("\n");
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
