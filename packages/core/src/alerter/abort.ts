/*
 * Waiting that stops when a question's signal aborts. The `AlerterQuestion`
 * contract says `ask` then rejects with an error named `AbortError`, whatever
 * reason the signal was aborted with.
 */

/** The error `ask` rejects with when its signal aborts: the signal's reason if that is an `AbortError`, else a new one. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  return new DOMException("The question was aborted before anyone answered", "AbortError");
}

/** Throws `abortError(signal)` if the signal has aborted. */
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
