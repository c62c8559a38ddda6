import type { ApprovalResult } from "@koan/core/contracts";

export const DEFAULT_APPROVE_WORDS: readonly string[] = ["approve", "yes", "lgtm"];
export const DEFAULT_REJECT_WORDS: readonly string[] = ["reject", "no"];

/**
 * Decides whether a reply approves or rejects. A reply matches when, apart
 * from case, surrounding spaces, Slack formatting (`*yes*`) and closing
 * punctuation (`yes!`), it is one of the words; anything else is chat and
 * is ignored.
 */
export class ReplyMatcher {
  readonly #approve: ReadonlySet<string>;
  readonly #reject: ReadonlySet<string>;

  constructor(approveWords: readonly string[], rejectWords: readonly string[]) {
    this.#approve = new Set(approveWords.map(normalizeReply));
    this.#reject = new Set(rejectWords.map(normalizeReply));
  }

  /** The answer a reply gives, or undefined when it is neither an approve nor a reject word. */
  match(text: string, respondent: string | undefined): ApprovalResult | undefined {
    const word = normalizeReply(text);
    const who = respondent !== undefined ? { respondent } : {};
    if (this.#approve.has(word)) return { approved: true, reason: "approved", answer: text, ...who };
    if (this.#reject.has(word)) return { approved: false, reason: "rejected", answer: text, ...who };
    return undefined;
  }
}

export function normalizeReply(text: string): string {
  return text
    .trim()
    .replace(/^[*_~`]+|[*_~`]+$/g, "")
    .replace(/[.!]+$/, "")
    .trim()
    .toLowerCase();
}
