import type { AlerterQuestion } from "@koan/core/contracts";

const DEFAULT_APPROVE = ["approve", "yes", "lgtm"] as const;
const DEFAULT_REJECT = ["reject", "no"] as const;

/** The approve and reject words of a question, normalised for comparison. */
export interface AnswerWords {
  readonly approve: readonly string[];
  readonly reject: readonly string[];
}

export function answerWords(question: Pick<AlerterQuestion, "approveWords" | "rejectWords">): AnswerWords {
  return {
    approve: (question.approveWords ?? DEFAULT_APPROVE).map(normalizeAnswer),
    reject: (question.rejectWords ?? DEFAULT_REJECT).map(normalizeAnswer),
  };
}

/** A whole reply compared case-insensitively: "LGTM " matches "lgtm", "lgtm, but" does not. */
export function normalizeAnswer(text: string): string {
  return text.trim().toLowerCase();
}

/** Whether a reply approves, rejects, or is something else (ignored). */
export function classifyAnswer(text: string, words: AnswerWords): "approved" | "rejected" | undefined {
  const answer = normalizeAnswer(text);
  if (words.approve.includes(answer)) return "approved";
  if (words.reject.includes(answer)) return "rejected";
  return undefined;
}

/** The error `ask` rejects with when its signal aborts: always named `AbortError`, as the contract requires. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  return new DOMException("The question was aborted before anyone answered", "AbortError");
}

/** Throws the abort error if the signal has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/** Waits `ms`, rejecting with an `AbortError` as soon as the signal aborts. */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
