// Failures against the real servers: a missing bucket, refused credentials,
// an unreachable endpoint, transient faults that retries must absorb, and
// failed uploads that must leave nothing behind.
import { ListMultipartUploadsCommand, S3Client } from "@aws-sdk/client-s3";
import { ArtifactStoreError, KoanError } from "@koan/core";
import { MiB, chunksOf, closedPort, collect, pseudoRandomBytes, sha256, startFaultProxy } from "@koan/testing";
import type { FaultAction, FaultProxy } from "@koan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ArtifactStore, s3ArtifactStore } from "../src/index.js";
import { S3_PEERS, createBucket, peerConfig, uniqueBucket } from "./s3-peers.js";
import type { S3ConfigInput } from "./s3-peers.js";

const context = { componentName: "failures", repositoryRoot: process.cwd() };

async function open(config: S3ConfigInput): Promise<S3ArtifactStore> {
  return (await s3ArtifactStore.create(s3ArtifactStore.parseConfig(config), context)) as S3ArtifactStore;
}

/** The error a call fails with; fails the test when it succeeds. */
async function failure(call: () => Promise<unknown>): Promise<ArtifactStoreError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the call should have failed").toBeInstanceOf(ArtifactStoreError);
  return error as ArtifactStoreError;
}

/** Every store operation, for checks that all of them translate a failure. */
function everyOperation(store: S3ArtifactStore): Array<[string, () => Promise<unknown>]> {
  return [
    ["put", () => store.put("a/b.txt", new Uint8Array([1, 2, 3]))],
    ["put (stream)", () => store.put("a/c.bin", (async function* () { yield new Uint8Array(16); })())],
    ["get", () => store.get("a/b.txt")],
    ["getStream", () => collect(store.getStream("a/b.txt"))],
    ["stat", () => store.stat("a/b.txt")],
    ["exists", () => store.exists("a/b.txt")],
    ["list", async () => { for await (const _ of store.list("a/")) void _; }],
    ["deletePrefix", () => store.deletePrefix("a/")],
  ];
}

/** S3's answer when a client sends too many requests: a 503 the SDK retries with backoff. */
const SLOW_DOWN: FaultAction = {
  kind: "status",
  status: 503,
  headers: { "content-type": "application/xml" },
  body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
};

describe("an unreachable endpoint", () => {
  it("fails every operation with an ArtifactStoreError naming the store, the endpoint and the cause, after retrying", async () => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const store = await open({ path: "s3://koan-nowhere/x", endpoint, forcePathStyle: true, accessKeyId: "AKIAKOAN", secretAccessKey: "secret-value", maxAttempts: 3 });
    for (const [name, call] of everyOperation(store)) {
      const error = await failure(call);
      expect(error.code, name).toBe("ARTIFACT_STORE");
      expect(error.failure, name).toBe("unreachable");
      expect(error.store).toBe(store.identity);
      expect(error.message, name).toContain("s3://koan-nowhere/x");
      expect(error.message, name).toContain(endpoint);
      expect(error.message, name).toContain("ECONNREFUSED");
      expect(error.message, name).not.toContain("secret-value");
      // The SDK's standard retry strategy tried every attempt (with backoff) before giving up.
      expect((error.cause as { $metadata?: { attempts?: number } }).$metadata?.attempts, name).toBe(3);
    }
    await store.close();
  }, 120_000);
});

for (const s3 of S3_PEERS) {
  describe.skipIf(!s3.service.available)(`s3 failures on ${s3.name} ${s3.service.title}`, () => {
    const bucket = uniqueBucket(`${s3.name}-fail`);
    let store: S3ArtifactStore;
    beforeAll(async () => {
      await createBucket(s3, bucket);
      store = await open(peerConfig(s3, `s3://${bucket}/failures`));
    }, 60_000);
    afterAll(() => store?.close());

    it("a missing bucket fails every operation with failure missing-bucket, naming the bucket and the store", async () => {
      const missing = uniqueBucket("missing");
      const lost = await open(peerConfig(s3, `s3://${missing}/artifacts`));
      for (const [name, call] of everyOperation(lost)) {
        const error = await failure(call);
        expect(error.failure, name).toBe("missing-bucket");
        expect(error.message, name).toContain(`s3://${missing}/artifacts`);
        expect(error.message, name).toContain(`bucket "${missing}" does not exist`);
        expect(error.message, name).toContain("Create it");
      }
      // delete is the one call S3 answers without looking: a missing bucket is still reported.
      expect((await failure(() => lost.delete("a/b.txt"))).failure).toBe("missing-bucket");
      await lost.close();
    }, 120_000);

    it.skipIf(!s3.checksCredentials)(
      `wrong credentials fail every operation with failure credentials, never showing the secret${s3.checksCredentials ? "" : ` (skipped: ${s3.name} accepts any credentials)`}`,
      async () => {
        const wrongSecret = await open(peerConfig(s3, `s3://${bucket}/failures`, { secretAccessKey: "wrong-secret-value-123" }));
        const unknownKey = await open(peerConfig(s3, `s3://${bucket}/failures`, { accessKeyId: "AKIAKOANUNKNOWN00000", secretAccessKey: "wrong-secret-value-123" }));
        for (const [label, bad] of [["wrong secret", wrongSecret], ["unknown key", unknownKey]] as const) {
          for (const [name, call] of everyOperation(bad)) {
            const error = await failure(call);
            expect(error.failure, `${label}: ${name}`).toBe("credentials");
            expect(error.message, `${label}: ${name}`).toMatch(/SignatureDoesNotMatch|InvalidAccessKeyId/);
            expect(error.message).toContain(bad.identity);
            expect(error.message).not.toContain("wrong-secret-value-123");
          }
          await bad.close();
        }
        // The right credentials still work: the refusals were about the keys.
        await store.put("creds/ok.txt", new TextEncoder().encode("ok"));
        expect(await store.exists("creds/ok.txt")).toBe(true);
      },
      120_000,
    );

    it("a stream that fails after several parts leaves no object and no multipart upload behind", async () => {
      const key = "aborted/big.bin";
      const failing = async function* (): AsyncGenerator<Uint8Array> {
        for (let i = 0; i < 20; i++) yield pseudoRandomBytes(MiB, 1);
        throw new Error("the producer crashed");
      };
      await expect(store.put(key, failing())).rejects.toThrow("the producer crashed");
      expect(await store.exists(key)).toBe(false);
      expect(await keysOf(store.list("aborted/"))).toEqual([]);
      if (s3.name === "moto") {
        // fauxqs has no ListMultipartUploads; moto shows that the upload was aborted, not left open.
        const client = new S3Client({
          region: "us-east-1",
          endpoint: s3.service.value,
          forcePathStyle: true,
          credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
        });
        const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: "failures/aborted/" }));
        client.destroy();
        expect(uploads.Uploads ?? []).toEqual([]);
      }
    }, 120_000);

    describe("transient faults", () => {
      let proxy: FaultProxy;
      let proxied: S3ArtifactStore;
      beforeAll(async () => {
        proxy = await startFaultProxy(s3.service.value as string);
        proxied = await open(peerConfig(s3, `s3://${bucket}/transient`, { endpoint: proxy.url }));
      });
      afterAll(async () => {
        await proxied?.close();
        await proxy?.close();
      });

      it("503 SlowDown answers are retried with backoff until the request goes through", async () => {
        const bytes = pseudoRandomBytes(4096, 2);
        proxy.inject({ ...SLOW_DOWN, times: 2, match: (req) => req.method === "PUT" && req.url.includes("slow.bin") });
        proxy.inject({ ...SLOW_DOWN, times: 2, match: (req) => req.method === "GET" && req.url.includes("slow.bin") });
        await proxied.put("slow.bin", bytes);
        expect(sha256(await proxied.get("slow.bin"))).toBe(sha256(bytes));
        expect(proxy.seen.filter((req) => req.method === "PUT" && req.url.includes("slow.bin")).length).toBe(3);
        expect(proxy.seen.filter((req) => req.method === "GET" && req.url.includes("slow.bin")).length).toBe(3);
      }, 120_000);

      it("a multipart upload whose parts meet SlowDown still completes intact", async () => {
        const bytes = pseudoRandomBytes(20 * MiB + 5, 3);
        proxy.inject({ ...SLOW_DOWN, times: 3, match: (req) => req.method === "PUT" && req.url.includes("partNumber=") });
        await proxied.put("parts.bin", chunksOf(bytes, MiB));
        expect(sha256(await collect(proxied.getStream("parts.bin")))).toBe(sha256(bytes));
      }, 120_000);

      it("getStream resumes where a cut connection stopped, with a ranged request, and yields the exact bytes", async () => {
        const bytes = pseudoRandomBytes(6 * MiB + 123, 4);
        await proxied.put("cut.bin", bytes);
        proxy.inject({ kind: "cut-body", times: 2, afterBytes: 2 * MiB, match: (req) => req.method === "GET" && req.url.includes("cut.bin") });
        const read = await collect(proxied.getStream("cut.bin"));
        expect(read.byteLength).toBe(bytes.byteLength);
        expect(sha256(read)).toBe(sha256(bytes));
        const gets = proxy.seen.filter((req) => req.method === "GET" && req.url.includes("cut.bin"));
        expect(gets.length).toBe(3);
        // Each retry asks for the rest, from the byte after the last one received (some bytes in flight are lost with the connection).
        const starts = gets.slice(1).map((req) => Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? "")?.[1]));
        expect(starts[0]).toBeGreaterThan(0);
        expect(starts[0]).toBeLessThanOrEqual(2 * MiB);
        expect(starts[1]).toBeGreaterThan(starts[0] as number);
        expect(starts[1]).toBeLessThanOrEqual((starts[0] as number) + 2 * MiB);
      }, 120_000);

      it("a failure that outlasts the retries is reported as unreachable, naming the store", async () => {
        proxy.inject({ ...SLOW_DOWN, times: 100, match: (req) => req.url.includes("never.bin") });
        const error = await failure(() => proxied.put("never.bin", new Uint8Array(8)));
        expect(error).toBeInstanceOf(KoanError);
        expect(error.failure).toBe("unreachable");
        expect(error.message).toContain("SlowDown");
        expect(error.message).toContain(proxied.identity);
      }, 120_000);
    });
  });
}

async function keysOf(listing: AsyncIterable<string>): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of listing) keys.push(key);
  return keys;
}
