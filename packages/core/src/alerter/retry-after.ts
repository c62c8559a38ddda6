/**
 * How long a 429 (or 503) answer asks to wait, in milliseconds: `Retry-After`
 * (seconds or an HTTP date), else `X-RateLimit-Reset` (seconds), else one
 * second. For services an alerter calls over plain `fetch`; SDKs that wait
 * out rate limits themselves need no such thing.
 */
export function retryAfterMs(headers: Headers): number {
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (retryAfter.trim() !== "" && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  const reset = Number(headers.get("x-ratelimit-reset"));
  return Number.isFinite(reset) && reset > 0 ? reset * 1000 : 1000;
}
