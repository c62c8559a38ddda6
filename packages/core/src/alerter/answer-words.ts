import type { AlerterQuestion, ApprovalResult } from "@koan/contracts";

/** Replies that approve when a question names none (the `AlerterQuestion` contract's default). */
export const DEFAULT_APPROVE_WORDS: readonly string[] = ["approve", "yes", "lgtm"];
/** Replies that reject when a question names none (the `AlerterQuestion` contract's default). */
export const DEFAULT_REJECT_WORDS: readonly string[] = ["reject", "no"];

/** A question's approve and reject words, normalised for comparison by `classifyAnswer`. */
export interface AnswerWords {
  readonly approve: readonly string[];
  readonly reject: readonly string[];
}

/**
 * The words that answer `question`: its own, else `defaults` (an alerter's
 * configured words), else the contract's defaults.
 */
export function answerWords(
  question: Pick<AlerterQuestion, "approveWords" | "rejectWords">,
  defaults: { readonly approveWords?: readonly string[]; readonly rejectWords?: readonly string[] } = {},
): AnswerWords {
  return {
    approve: (question.approveWords ?? defaults.approveWords ?? DEFAULT_APPROVE_WORDS).map(normalizeAnswer),
    reject: (question.rejectWords ?? defaults.rejectWords ?? DEFAULT_REJECT_WORDS).map(normalizeAnswer),
  };
}

/**
 * A reply as it is compared: apart from case, surrounding spaces, chat
 * formatting around it (`*yes*`, `**lgtm**`) and closing punctuation
 * (`yes!`). The whole reply must be the word: "lgtm, but" is chat, not an
 * answer.
 */
export function normalizeAnswer(text: string): string {
  return text
    .trim()
    .replace(/^[*_~`]+|[*_~`]+$/g, "")
    .replace(/[.!]+$/, "")
    .trim()
    .toLowerCase();
}

/** Whether a reply approves, rejects, or is something else (ignored). */
export function classifyAnswer(text: string, words: AnswerWords): "approved" | "rejected" | undefined {
  const answer = normalizeAnswer(text);
  if (words.approve.includes(answer)) return "approved";
  if (words.reject.includes(answer)) return "rejected";
  return undefined;
}

/** The answer a reply gives (who wrote it, when known, and the reply as written), or undefined when it is chat. */
export function answerOf(text: string, words: AnswerWords, respondent?: string): ApprovalResult | undefined {
  const verdict = classifyAnswer(text, words);
  if (!verdict) return undefined;
  return { approved: verdict === "approved", reason: verdict, answer: text, ...(respondent !== undefined ? { respondent } : {}) };
}
