// The fault proxy in front of a tiny real HTTP server: it forwards untouched
// what no fault matches, and applies each fault exactly as many times as asked.
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closedPort, pseudoRandomBytes, sha256, startFaultProxy } from "../src/index.js";
import type { FaultProxy } from "../src/index.js";

const BIG = pseudoRandomBytes(256 * 1024, 7);

/** Answers `/big` with BIG; anything else with what it received, as JSON. */
function startServer(): Promise<Server> {
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      if (req.url === "/big") {
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(BIG.byteLength) });
        res.end(BIG);
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "x-server": "real" });
      res.end(JSON.stringify({ method: req.method, url: req.url, host: req.headers.host, body: Buffer.concat(parts).toString() }));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Reads a response body until it ends or breaks; returns what arrived and whether it broke. */
async function readAll(response: Response): Promise<{ bytes: number; broke: boolean }> {
  const reader = response.body!.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes, broke: false };
      bytes += value.byteLength;
    }
  } catch {
    return { bytes, broke: true };
  }
}

describe("startFaultProxy", () => {
  let server: Server;
  let target: string;
  let proxy: FaultProxy;

  beforeAll(async () => {
    server = await startServer();
    target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterEach(async () => {
    await proxy?.close();
  });

  it("forwards a request untouched when no fault matches, keeping the client's Host", async () => {
    proxy = await startFaultProxy(target);
    const response = await fetch(`${proxy.url}/echo?x=1`, { method: "POST", body: "payload" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-server")).toBe("real");
    expect(await response.json()).toEqual({ method: "POST", url: "/echo?x=1", host: new URL(proxy.url).host, body: "payload" });
    expect(proxy.forwarded).toBe(1);
    expect(proxy.failed).toBe(0);
    expect(proxy.seen.map(({ method, url, fault }) => ({ method, url, fault }))).toEqual([{ method: "POST", url: "/echo?x=1", fault: undefined }]);
  });

  it("sends the target's Host when asked, and keeps the target's path in its URL", async () => {
    proxy = await startFaultProxy(`${target}/account/`, { targetHost: true });
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/account$/);
    const answer = (await (await fetch(`${proxy.url}/blob`)).json()) as { url: string; host: string };
    expect(answer).toMatchObject({ url: "/account/blob", host: new URL(target).host });
  });

  it("answers the matching requests with the status, body and headers given, as many times as asked", async () => {
    proxy = await startFaultProxy(target);
    const body = "<Error><Code>SlowDown</Code></Error>";
    proxy.inject({ kind: "status", status: 503, body, headers: { "retry-after": "0" }, times: 2, match: (r) => r.method === "PUT" });
    const statuses: number[] = [];
    for (const method of ["GET", "PUT", "PUT", "PUT"]) {
      const response = await fetch(`${proxy.url}/key`, { method, ...(method === "PUT" ? { body: "x" } : {}) });
      statuses.push(response.status);
      if (response.status === 503) {
        expect(response.headers.get("retry-after")).toBe("0");
        expect(await response.text()).toBe(body);
      } else {
        await response.arrayBuffer();
      }
    }
    expect(statuses).toEqual([200, 503, 503, 200]);
    expect(proxy.failed).toBe(2);
    expect(proxy.forwarded).toBe(2);
    expect(proxy.seen.map((r) => `${r.method} ${r.fault ?? "-"}`)).toEqual(["GET -", "PUT status", "PUT status", "PUT -"]);
  });

  it("a fault without times hits once; one without match hits any request", async () => {
    proxy = await startFaultProxy(target);
    proxy.inject({ kind: "status", status: 500 });
    expect((await fetch(`${proxy.url}/a`)).status).toBe(500);
    expect((await fetch(`${proxy.url}/b`)).status).toBe(200);
  });

  it("cuts the response body after the given bytes, on a broken connection", async () => {
    proxy = await startFaultProxy(target);
    proxy.inject({ kind: "cut-body", afterBytes: 100_000, match: (r) => r.url === "/big" });
    const cut = await fetch(`${proxy.url}/big`, { headers: { range: "bytes=0-" } });
    expect(cut.status).toBe(200);
    expect(cut.headers.get("content-length")).toBe(String(BIG.byteLength));
    const read = await readAll(cut);
    expect(read.broke).toBe(true);
    expect(read.bytes).toBeGreaterThan(0);
    expect(read.bytes).toBeLessThanOrEqual(100_000);
    expect(proxy.seen[0]?.headers.range).toBe("bytes=0-");
    expect(proxy.seen[0]?.fault).toBe("cut-body");

    // The fault is spent: the next read gets the whole body.
    const whole = new Uint8Array(await (await fetch(`${proxy.url}/big`)).arrayBuffer());
    expect(sha256(whole)).toBe(sha256(BIG));
    expect(proxy.forwarded).toBe(2);
  });

  it("a body shorter than the cut point arrives whole", async () => {
    proxy = await startFaultProxy(target);
    proxy.inject({ kind: "cut-body", afterBytes: 10 * BIG.byteLength });
    const read = await readAll(await fetch(`${proxy.url}/big`));
    expect(read).toEqual({ bytes: BIG.byteLength, broke: false });
  });

  it("closedPort gives a port nothing listens on", async () => {
    const port = await closedPort();
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });
});
