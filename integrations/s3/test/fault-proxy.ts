// A loopback HTTP proxy in front of a real S3 server that injects the faults
// a network and a busy service produce: 503 SlowDown answers, and response
// bodies cut off mid-way. Everything else goes to the server unchanged
// (headers included, so signatures still match).
import { createServer, request } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Fault {
  /** Which requests it applies to. */
  readonly match: (req: IncomingMessage) => boolean;
  /** How many matching requests it hits before letting them through. */
  times: number;
  /** `slow-down`: answer 503 SlowDown; `cut-body`: forward, then drop the connection after `afterBytes` of the body. */
  readonly kind: "slow-down" | "cut-body";
  readonly afterBytes?: number;
}

export interface FaultProxy {
  readonly url: string;
  /** Every request seen, as `METHOD path` (with `range=...` when ranged). */
  readonly seen: string[];
  inject(fault: Fault): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const faults: Fault[] = [];
  const seen: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(`${req.method} ${req.url}${req.headers.range ? ` range=${req.headers.range}` : ""}`);
    const fault = faults.find((f) => f.times > 0 && f.match(req));
    if (fault) fault.times--;
    if (fault?.kind === "slow-down") {
      req.resume();
      res.writeHead(503, { "content-type": "application/xml" });
      res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (fault?.kind !== "cut-body") {
          answer.pipe(res);
          return;
        }
        let sent = 0;
        const limit = fault.afterBytes ?? 0;
        answer.on("data", (chunk: Buffer) => {
          if (sent >= limit) return;
          const part = chunk.subarray(0, limit - sent);
          sent += part.byteLength;
          res.write(part);
          if (sent >= limit) {
            answer.destroy();
            // The client sees a body shorter than its Content-Length, on a reset connection.
            res.socket?.destroy();
          }
        });
      },
    );
    forward.on("error", () => res.socket?.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    inject: (fault) => faults.push(fault),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
