import { AlerterRefusedError, NotSupportedError, alerterContextLines, answerOf, answerWords, pollForAnswer, throwIfAborted } from "@koan/core";
import type { Alerter, AlerterContext, AlerterMessage, AlerterQuestion, ApprovalResult, PostResult } from "@koan/core/contracts";
import type { ChatService } from "./chat-service.js";

export interface TemplateAlerterOptions {
  /** Where messages go unless a message names its own channel. */
  readonly channel: string;
  /** How long `ask` waits when the question does not say. */
  readonly timeoutMs: number;
  /** How often `ask` looks for replies. */
  readonly pollIntervalMs: number;
  /** False for services that cannot read replies (webhooks, email). */
  readonly canAsk: boolean;
}

/** Posts to a chat service and waits for approval in the replies to a question. */
export class TemplateAlerter implements Alerter {
  readonly specVersion = 1 as const;
  readonly type = "alerter" as const;
  readonly flavor = "template";

  constructor(
    readonly service: ChatService,
    readonly options: TemplateAlerterOptions,
  ) {}

  async post(message: AlerterMessage): Promise<PostResult> {
    const outcome = await this.service.postMessage(message.channel ?? this.options.channel, render(message.text, message.context));
    // A refusal is an answer, not an exception: pipelines keep going when a notification fails.
    return outcome.ok ? { ok: true, messageId: outcome.id } : { ok: false, error: outcome.error };
  }

  async ask(question: AlerterQuestion): Promise<ApprovalResult> {
    if (!this.options.canAsk) {
      throw new NotSupportedError(`The template alerter`, "ask", "Its service cannot read replies; use post, or an alerter that can ask");
    }
    throwIfAborted(question.signal);
    // The shared helpers from core: every alerter matches answers and waits the same way.
    const words = answerWords(question);
    const channel = question.channel ?? this.options.channel;
    const hint = `Reply ${words.approve[0] ?? "approve"} or ${words.reject[0] ?? "reject"}.`;
    const posted = await this.service.postMessage(channel, `${render(question.text, question.context)}\n\n${hint}`);
    if (!posted.ok) throw new AlerterRefusedError("template", posted.error);

    let seen = 0;
    return pollForAnswer(
      async () => {
        const replies = await this.service.replies(channel, posted.id);
        const fresh = replies.slice(seen);
        seen = replies.length;
        for (const reply of fresh) {
          const answer = answerOf(reply.text, words, reply.user);
          if (answer) return answer;
        }
        return undefined;
      },
      { timeoutMs: question.timeoutMs ?? this.options.timeoutMs, intervalMs: this.options.pollIntervalMs, signal: question.signal },
    );
  }
}

/** The message text with its context as plain lines. */
function render(text: string, context: AlerterContext | undefined): string {
  return [text, ...alerterContextLines(context)].join("\n");
}
