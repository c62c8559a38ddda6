import { abortError, AlerterUnreachableError, pause, retryAfterMs } from "@koan/core";
import { MattermostRefused, refusalOf } from "./mattermost-refused.js";

export interface MattermostRequest {
  readonly method: "GET" | "POST";
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
  /** Names the server in messages; never the URL of a webhook, which is a credential. */
  readonly server: string;
}

export interface RetryPolicy {
  /** 429 answers waited out before giving up. */
  readonly rateLimitRetries: number;
  /** Retries of a GET after a broken connection or a 502/503/504. POSTs are not retried then: the post may have been made. */
  readonly retries: number;
  /** First wait between those retries; doubled each time. */
  readonly backoffMs: number;
  /** How long one request may take. */
  readonly requestTimeoutMs: number;
  /** The longest Retry-After honoured before giving up with the 429. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { rateLimitRetries: 5, retries: 3, backoffMs: 250, requestTimeoutMs: 30_000, maxRetryAfterMs: 300_000 };

/**
 * One HTTP request to Mattermost with its rate limits honoured (a 429 waits
 * for Retry-After, or X-Ratelimit-Reset), and the body of a 2xx answer as
 * text. An error answer rejects with `MattermostRefused`; a broken
 * connection with `AlerterUnreachableError`; an aborted signal with an `AbortError`.
 */
export async function mattermostRequest(request: MattermostRequest, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Promise<string> {
  const { signal } = request;
  let rateLimited = 0;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortError(signal);
    let response: Response;
    let text: string;
    try {
      ({ response, text } = await send(request, policy.requestTimeoutMs));
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      if (request.method === "GET" && attempt <= policy.retries) {
        await pause(policy.backoffMs * 2 ** (attempt - 1), signal);
        continue;
      }
      throw new AlerterUnreachableError("mattermost", request.server, reasonOf(error), { hint: "Check the network and the server's URL.", cause: error });
    }
    if (response.ok) return text;
    if (response.status === 429 && rateLimited < policy.rateLimitRetries) {
      const wait = retryAfterMs(response.headers);
      if (wait <= policy.maxRetryAfterMs) {
        rateLimited++;
        attempt--; // waiting out a rate limit is not a failed attempt
        await pause(wait, signal);
        continue;
      }
    }
    if ([502, 503, 504].includes(response.status) && request.method === "GET" && attempt <= policy.retries) {
      await pause(policy.backoffMs * 2 ** (attempt - 1), signal);
      continue;
    }
    throw new MattermostRefused(refusalOf(response.status, text));
  }
}

async function send(request: MattermostRequest, timeoutMs: number): Promise<{ response: Response; text: string }> {
  // One controller for the caller's signal and the timeout (AbortSignal.any needs Node 20.3).
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  const onAbort = () => controller.abort(request.signal?.reason);
  request.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const headers: Record<string, string> = { accept: "application/json" };
    if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
    if (request.body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal: controller.signal,
    });
    return { response, text: await response.text() };
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener("abort", onAbort);
  }
}

/** A broken connection's reason without the URL (a webhook's URL is a credential). */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === "string") return cause.code;
  if (error instanceof Error && error.name === "AbortError") return "the request timed out";
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/https?:\/\/\S+/g, "<url>");
}
