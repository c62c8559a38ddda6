import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A contract fake of the Slack Web API methods the alerter calls. Slack
 * cannot be reached from the tests, so this server checks what the real API
 * requires and answers as it does:
 * - every call is a POST to /api/<method> with `Authorization: Bearer <token>`
 *   (`not_authed` without one, `invalid_auth` with a wrong one), and a body in
 *   application/x-www-form-urlencoded or application/json (`invalid_form_data`
 *   otherwise); errors are `{ ok: false, error }` with HTTP 200;
 * - chat.postMessage needs a known channel (`channel_not_found`), text or
 *   blocks (`no_text`), text of at most 40,000 characters (`msg_too_long`),
 *   at most 50 valid blocks with section text of at most 3,000 characters
 *   (`invalid_blocks`);
 * - conversations.replies needs channel and ts (`thread_not_found` for an
 *   unknown message) and lists the parent then its replies, oldest first;
 *   conversations.history lists top-level messages newest first;
 * - `rateLimit(method, seconds)` makes the next call of a method answer 429
 *   with `Retry-After`, as Slack does when a method's tier is exceeded, and
 *   keeps answering 429 until that time has passed.
 */

export interface FakeMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks: unknown[] | undefined;
  readonly user?: string;
  readonly bot_id?: string;
  readonly thread_ts?: string;
}

/** One request as the fake received it. */
export interface FakeRequest {
  readonly method: string;
  readonly at: number;
  readonly status: number;
  readonly error?: string;
}

export const FAKE_BOT_ID = "B0KOANBOT";
const LIMITS = { text: 40_000, blocks: 50, sectionText: 3_000 };

export class SlackFake {
  readonly messages: FakeMessage[] = [];
  readonly requests: FakeRequest[] = [];
  /** Rate-limited methods: the Retry-After given, and when the limit ends (set by the first limited call). */
  readonly #rateLimited = new Map<string, { readonly seconds: number; readonly until?: number }>();
  #server: Server | undefined;
  #clock = 1_700_000_000;
  #sequence = 0;

  constructor(
    readonly token: string,
    readonly channels: readonly string[],
  ) {}

  /** Starts on 127.0.0.1 at a free port; resolves with the `apiUrl` to give the alerter. */
  async start(): Promise<string> {
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { "content-type": "text/plain" });
        response.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** The next call of `method` gets a 429 with `Retry-After: seconds`, and so does every call until those seconds have passed. */
  rateLimit(method: string, seconds: number): void {
    this.#rateLimited.set(method, { seconds });
  }

  /** The first top-level message whose text contains `token`. */
  find(token: string): FakeMessage | undefined {
    return this.messages.find((m) => m.thread_ts === undefined && m.text.includes(token));
  }

  /** A person's reply in the thread of `ts`. */
  reply(channel: string, ts: string, user: string, text: string): void {
    this.messages.push({ channel, ts: this.#nextTs(), text, blocks: undefined, user, thread_ts: ts });
  }

  /** A person's message in the channel itself. */
  say(channel: string, user: string, text: string): void {
    this.messages.push({ channel, ts: this.#nextTs(), text, blocks: undefined, user });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
    const answer = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const error = typeof body.error === "string" ? body.error : undefined;
      this.requests.push({ method, at: Date.now(), status, ...(error ? { error } : {}) });
      response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
      response.end(JSON.stringify(body));
    };
    const fail = (error: string) => answer(200, { ok: false, error });
    if (request.method !== "POST") return answer(405, { ok: false, error: "method_not_allowed" });

    // Like Slack, a method stays limited until its Retry-After has passed: a client that retries early gets 429 again.
    const limit = this.#rateLimited.get(method);
    if (limit !== undefined) {
      const until = limit.until ?? Date.now() + limit.seconds * 1000;
      const left = until - Date.now();
      if (left > 0) {
        this.#rateLimited.set(method, { seconds: limit.seconds, until });
        return answer(429, { ok: false, error: "ratelimited" }, { "retry-after": String(Math.ceil(left / 1000)) });
      }
      this.#rateLimited.delete(method);
    }

    const authorization = request.headers.authorization;
    if (!authorization) return fail("not_authed");
    if (authorization !== `Bearer ${this.token}`) return fail("invalid_auth");

    const raw = await readBody(request);
    const contentType = (request.headers["content-type"] ?? "").split(";")[0]?.trim();
    let args: Record<string, unknown>;
    if (contentType === "application/x-www-form-urlencoded") args = Object.fromEntries(new URLSearchParams(raw));
    else if (contentType === "application/json") args = JSON.parse(raw) as Record<string, unknown>;
    else return fail("invalid_form_data");

    switch (method) {
      case "chat.postMessage":
        return this.#postMessage(args, answer, fail);
      case "conversations.replies":
        return this.#replies(args, answer, fail);
      case "conversations.history":
        return this.#history(args, answer, fail);
      default:
        return fail("unknown_method");
    }
  }

  #postMessage(args: Record<string, unknown>, answer: (status: number, body: Record<string, unknown>) => void, fail: (error: string) => void): void {
    const channel = stringArg(args.channel);
    if (!channel || !this.channels.includes(channel)) return fail("channel_not_found");
    const text = stringArg(args.text) ?? "";
    let blocks: unknown[] | undefined;
    if (args.blocks !== undefined) {
      const parsed: unknown = typeof args.blocks === "string" ? safeJson(args.blocks) : args.blocks;
      if (!Array.isArray(parsed) || !validBlocks(parsed)) return fail("invalid_blocks");
      blocks = parsed;
    }
    if (text === "" && !blocks?.length) return fail("no_text");
    if (text.length > LIMITS.text) return fail("msg_too_long");
    const threadTs = stringArg(args.thread_ts);
    const message: FakeMessage = { channel, ts: this.#nextTs(), text, blocks, bot_id: FAKE_BOT_ID, ...(threadTs ? { thread_ts: threadTs } : {}) };
    this.messages.push(message);
    answer(200, { ok: true, channel, ts: message.ts, message: wire(message) });
  }

  #replies(args: Record<string, unknown>, answer: (status: number, body: Record<string, unknown>) => void, fail: (error: string) => void): void {
    const channel = stringArg(args.channel);
    const ts = stringArg(args.ts);
    if (!channel || !this.channels.includes(channel)) return fail("channel_not_found");
    if (!ts) return fail("invalid_arguments");
    const parent = this.messages.find((m) => m.channel === channel && m.ts === ts);
    if (!parent) return fail("thread_not_found");
    const oldest = Number(stringArg(args.oldest) ?? "0");
    const replies = this.messages.filter((m) => m.channel === channel && m.thread_ts === ts && Number(m.ts) >= oldest);
    answer(200, { ok: true, messages: [parent, ...replies].map(wire), has_more: false });
  }

  #history(args: Record<string, unknown>, answer: (status: number, body: Record<string, unknown>) => void, fail: (error: string) => void): void {
    const channel = stringArg(args.channel);
    if (!channel || !this.channels.includes(channel)) return fail("channel_not_found");
    const oldest = Number(stringArg(args.oldest) ?? "0");
    const top = this.messages.filter((m) => m.channel === channel && m.thread_ts === undefined && Number(m.ts) > oldest);
    answer(200, { ok: true, messages: top.reverse().map(wire), has_more: false });
  }

  #nextTs(): string {
    this.#sequence++;
    return `${this.#clock + this.#sequence}.${String(this.#sequence).padStart(6, "0")}`;
  }
}

function wire(message: FakeMessage): Record<string, unknown> {
  const { channel: _channel, ...rest } = message;
  return { type: "message", ...rest };
}

function stringArg(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Block Kit rules the alerter's blocks must meet. */
function validBlocks(blocks: unknown[]): boolean {
  if (blocks.length > LIMITS.blocks) return false;
  return blocks.every((block) => {
    if (block === null || typeof block !== "object") return false;
    const b = block as { type?: unknown; text?: { type?: unknown; text?: unknown }; elements?: unknown };
    if (b.type === "divider") return true;
    if (b.type === "section") {
      return (b.text?.type === "mrkdwn" || b.text?.type === "plain_text") && typeof b.text.text === "string" && b.text.text.length > 0 && b.text.text.length <= LIMITS.sectionText;
    }
    if (b.type === "context") {
      return Array.isArray(b.elements) && b.elements.length > 0 && b.elements.length <= 10 &&
        b.elements.every((e: { type?: unknown; text?: unknown }) => (e.type === "mrkdwn" || e.type === "plain_text") && typeof e.text === "string" && e.text.length > 0 && e.text.length <= 2000);
    }
    return false;
  });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
