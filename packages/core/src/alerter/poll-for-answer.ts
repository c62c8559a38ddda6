import type { ApprovalResult } from "@koan/contracts";
import { pause, throwIfAborted } from "./abort.js";

/** How `pollForAnswer` waits. */
export interface PollForAnswerOptions {
  /** How long to wait for an answer in all, in milliseconds; then the result is a timeout (not approved). */
  readonly timeoutMs: number;
  /** How long to wait between two polls, in milliseconds. */
  readonly intervalMs: number;
  /** The question's signal: aborting it rejects with an `AbortError`. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Calls `poll` until it finds an answer, every `intervalMs`, for at most
 * `timeoutMs`: the waiting half of an alerter's `ask` for services that are
 * read by polling. Resolves with the answer, or with
 * `{ approved: false, reason: "timeout" }`; rejects with an `AbortError` as
 * soon as the signal aborts, and with whatever `poll` rejects with.
 */
export async function pollForAnswer(poll: () => Promise<ApprovalResult | undefined>, options: PollForAnswerOptions): Promise<ApprovalResult> {
  const { signal } = options;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    throwIfAborted(signal);
    const answer = await poll();
    if (answer) return answer;
    const left = deadline - Date.now();
    if (left <= 0) return { approved: false, reason: "timeout" };
    await pause(Math.min(options.intervalMs, left), signal);
  }
}
