import { createServer, request } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback HTTP proxy in front of a real server that answers the first
 * `failures` requests with a 503, as a busy service does, then forwards
 * everything. It shows that a store retries transient failures against the
 * real server: the requests it failed are counted, the rest reach the server.
 */
export class FlakyProxy {
  failed = 0;
  forwarded = 0;
  #remaining: number;
  readonly #server: Server;

  private constructor(readonly target: URL, failures: number) {
    this.#remaining = failures;
    this.#server = createServer((req, res) => this.#handle(req, res));
  }

  static async start(target: string, failures: number): Promise<FlakyProxy> {
    const proxy = new FlakyProxy(new URL(target), failures);
    await new Promise<void>((resolve) => proxy.#server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /** The proxy's URL, with the target's path. */
  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${this.target.pathname.replace(/\/$/, "")}`;
  }

  /** Fails the next `count` requests. */
  failNext(count: number): void {
    this.#remaining = count;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    if (this.#remaining > 0) {
      this.#remaining--;
      this.failed++;
      req.resume();
      res.writeHead(503, { "Content-Type": "application/json", "Retry-After": "0" });
      res.end(JSON.stringify({ error: { code: 503, message: "injected: service unavailable" } }));
      return;
    }
    this.forwarded++;
    const upstream = request(
      { host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: { ...req.headers, host: this.target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  }
}

/** A loopback port with nothing listening on it: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
