// A loopback HTTP proxy in front of a real server that injects the faults a
// network and a busy service produce, so an integration can prove its retries
// against the real thing rather than a mock of the client library.
import { createServer, request } from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the proxy saw it, in arrival order. */
export interface SeenRequest {
  readonly method: string;
  /** Path and query, as sent by the client, e.g. `/bucket/key?partNumber=2`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The fault applied to it, or `undefined` when it was forwarded untouched. */
  readonly fault: Fault["kind"] | undefined;
}

/** What a fault does to a request it matches. */
export type FaultAction =
  /** Answer with this status (e.g. 503) without reaching the server. */
  | {
      readonly kind: "status";
      readonly status: number;
      /** The answer's body, e.g. S3's `SlowDown` XML. Empty when omitted. */
      readonly body?: string | Uint8Array;
      /** The answer's headers, e.g. `{ "retry-after": "0" }`. */
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** Forward it, then drop the connection once `afterBytes` of the response body have been sent. */
  | { readonly kind: "cut-body"; readonly afterBytes: number };

export type Fault = FaultAction & {
  /** Which requests it applies to; every request when omitted. */
  readonly match?: (request: Omit<SeenRequest, "fault">) => boolean;
  /** How many matching requests it hits before letting them through; 1 when omitted. */
  readonly times?: number;
};

export interface FaultProxyOptions {
  /**
   * Send the target's `Host` header instead of the client's. Off by default:
   * a signed request (S3's SigV4) must reach the server exactly as signed.
   * Turn it on for a server that builds URLs or routes from `Host`.
   */
  readonly targetHost?: boolean;
}

export interface FaultProxy {
  /** The proxy's URL, with the target's path (e.g. an account path) kept. */
  readonly url: string;
  /** Every request seen, in order, with the fault applied to it. */
  readonly seen: readonly SeenRequest[];
  /** How many requests a `status` fault answered. */
  readonly failed: number;
  /** How many requests reached the server (a `cut-body` one included). */
  readonly forwarded: number;
  /** Adds a fault; the first fault with hits left that matches a request applies to it. */
  inject(fault: Fault): void;
  close(): Promise<void>;
}

/**
 * Starts a loopback HTTP proxy in front of the real server at `target` that
 * forwards every request unchanged except those an injected fault matches:
 * those are answered with a status (a 503 with the service's error body, a
 * `Retry-After`), or have their response body cut off mid-way. Use it to
 * prove that a client retries transient failures and resumes cut downloads
 * against the real server, and count what it sent with `seen`.
 *
 * ```ts
 * const proxy = await startFaultProxy(process.env.KOAN_S3_ENDPOINT!);
 * proxy.inject({ kind: "status", status: 503, times: 2, match: (r) => r.method === "PUT" });
 * await storeAt(proxy.url).put("key", bytes); // succeeds on the third try
 * expect(proxy.failed).toBe(2);
 * await proxy.close();
 * ```
 */
export async function startFaultProxy(target: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const upstream = new URL(target);
  const faults: { fault: Fault; remaining: number }[] = [];
  const seen: SeenRequest[] = [];
  let failed = 0;
  let forwarded = 0;

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const seenRequest = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers };
    const hit = faults.find((entry) => entry.remaining > 0 && (entry.fault.match?.(seenRequest) ?? true));
    if (hit) hit.remaining--;
    const fault = hit?.fault;
    seen.push({ ...seenRequest, fault: fault?.kind });
    if (fault?.kind === "status") {
      failed++;
      req.resume();
      res.writeHead(fault.status, fault.headers);
      res.end(fault.body);
      return;
    }
    forwarded++;
    const headers = options.targetHost ? { ...req.headers, host: upstream.host } : req.headers;
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (fault?.kind !== "cut-body") {
          answer.pipe(res);
          return;
        }
        cutAfter(answer, res, fault.afterBytes);
      },
    );
    forward.on("error", () => res.socket?.destroy());
    req.pipe(forward);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, "")}`,
    seen,
    get failed() {
      return failed;
    },
    get forwarded() {
      return forwarded;
    },
    inject: (fault) => {
      faults.push({ fault, remaining: fault.times ?? 1 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends the first `limit` bytes of `answer`, then resets the connection, as a network failure does. */
function cutAfter(answer: IncomingMessage, res: ServerResponse, limit: number): void {
  let sent = 0;
  const cut = (): void => {
    answer.destroy();
    // The client sees a body shorter than its Content-Length, on a reset connection.
    res.socket?.destroy();
  };
  if (limit <= 0) {
    res.flushHeaders();
    cut();
    return;
  }
  answer.on("data", (chunk: Buffer) => {
    if (sent >= limit) return;
    const part = chunk.subarray(0, limit - sent);
    sent += part.byteLength;
    if (sent < limit) {
      res.write(part);
      return;
    }
    // Cut only once the last part has left, so the client gets exactly `limit` bytes before the reset.
    res.write(part, cut);
  });
  // A body shorter than the cut point arrives whole.
  answer.on("end", () => {
    if (sent < limit) res.end();
  });
}

/** A loopback port with nothing listening on it (bound, then released): a URL on it is unreachable. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
