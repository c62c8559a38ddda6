// The conformance suite and the failure cases against fake-gcs-server, which
// scripts/peers/gcs.sh starts and points to with KOAN_GCS_ENDPOINT. Under
// KOAN_REQUIRE_PEERS=1 (as in CI) a missing server fails the run instead of
// skipping it.
import { Storage } from "@google-cloud/storage";
import { ArtifactNotFoundError, ArtifactStoreError } from "@koan/core";
import type { ArtifactStore } from "@koan/core/contracts";
import { artifactStoreSuite, closedPort, expectKoanError, pseudoRandomBytes, sha256, startFaultProxy } from "@koan/testing";
import type { Fault } from "@koan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SINGLE_REQUEST_LIMIT } from "../src/artifact-store/gcs-artifact-store.js";
import { gcsArtifactStore } from "../src/artifact-store/index.js";
import { createBucket, deleteBucket, gcs } from "./helpers/gcs-peer.js";

const context = { componentName: "int", repositoryRoot: process.cwd() };
const utf8 = (text: string) => new TextEncoder().encode(text);

async function keys(listing: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const key of listing) out.push(key);
  return out;
}

function storeAt(path: string, endpoint: string, extra: Record<string, unknown> = {}): Promise<ArtifactStore> {
  return gcsArtifactStore.create(gcsArtifactStore.parseConfig({ path, endpoint, ...extra }), context);
}

/** The service's answer when it is busy: a 503 the client retries with backoff. */
function unavailable(times: number): Fault {
  return { kind: "status", status: 503, times, headers: { "content-type": "application/json", "retry-after": "0" }, body: JSON.stringify({ error: { code: 503, message: "injected: service unavailable" } }) };
}

describe.skipIf(!gcs.available)(`gcs artifact store ${gcs.title}`, () => {
  const endpoint = gcs.value ?? "";
  let bucket = "";
  beforeAll(async () => {
    bucket = await createBucket(endpoint, "int");
  });
  afterAll(async () => {
    if (bucket) await deleteBucket(endpoint, bucket);
  });

  artifactStoreSuite({
    name: "gcs (fake-gcs-server)",
    create: () => storeAt(`gs://${bucket}/koan/artifacts`, endpoint),
    prefix: "koan-int/",
    timeoutMs: 120_000,
  });

  it("keeps the objects under the folder of its path", async () => {
    const store = await storeAt(`gs://${bucket}/team-a`, endpoint);
    await store.put("runs/1/model.bin", utf8("weights"));
    const [files] = await new Storage({ apiEndpoint: endpoint, projectId: "koan-test" }).bucket(bucket).getFiles({ prefix: "team-a/" });
    expect(files.map((f) => f.name)).toEqual(["team-a/runs/1/model.bin"]);
    expect(await keys(store.list(""))).toEqual(["runs/1/model.bin"]);
    expect(await store.deletePrefix("")).toBe(1);
  });

  it("a streamed upload whose body fails past the single-request size leaves no object and keeps the old one", async () => {
    const store = await storeAt(`gs://${bucket}/atomic`, endpoint);
    const failing = async function* (): AsyncGenerator<Uint8Array> {
      // Past the single-request limit, so the resumable upload has started when the body breaks.
      for (let sent = 0; sent <= SINGLE_REQUEST_LIMIT + 4 * 1024 * 1024; sent += 1024 * 1024) yield pseudoRandomBytes(1024 * 1024, sent);
      throw new Error("the source broke late");
    };
    await store.put("existing.bin", utf8("old value"));
    await expect(store.put("existing.bin", failing())).rejects.toThrow("the source broke late");
    expect(Buffer.from(await store.get("existing.bin")).toString("utf8")).toBe("old value");
    await expect(store.put("fresh.bin", failing())).rejects.toThrow("the source broke late");
    expect(await store.exists("fresh.bin")).toBe(false);
    expect(await keys(store.list(""))).toEqual(["existing.bin"]);
  }, 120_000);

  it("a missing bucket is ArtifactStoreError naming the store, on writes, reads and listings", async () => {
    const store = await storeAt("gs://koan-no-such-bucket/x", endpoint, { maxRetries: 0 });
    const calls = [() => store.put("k", utf8("x")), () => store.get("k"), () => store.stat("k"), () => keys(store.list("")), () => store.deletePrefix("")];
    for (const action of calls) {
      const error = await expectKoanError(action, ArtifactStoreError, "ARTIFACT_STORE");
      expect(error.store).toBe(store.identity);
      expect(error.failure).toBe("missing-bucket");
      expect(error.message).toContain("koan-no-such-bucket");
      expect(error.cause).toBeDefined();
    }
    expect(await store.exists("k").catch((e: unknown) => e)).toBeInstanceOf(ArtifactStoreError);
  });

  it("a missing object in a bucket that exists is ArtifactNotFoundError", async () => {
    const store = await storeAt(`gs://${bucket}/x`, endpoint);
    await expectKoanError(() => store.stat("nope"), ArtifactNotFoundError, "ARTIFACT_NOT_FOUND");
    await expectKoanError(() => store.get("nope"), ArtifactNotFoundError, "ARTIFACT_NOT_FOUND");
  });

  it("an unreachable endpoint is ArtifactStoreError once the retries are spent", async () => {
    const store = await storeAt(`gs://${bucket}/x`, `http://127.0.0.1:${await closedPort()}`, { maxRetries: 1 });
    const error = await expectKoanError(() => store.put("k", utf8("x")), ArtifactStoreError, "ARTIFACT_STORE");
    expect(error.message).toMatch(/could not reach/);
    expect(error.failure).toBe("unreachable");
    expect(error.store).toBe(store.identity);
  }, 60_000);

  it("retries requests the service answers with 503, with backoff, and then succeeds", async () => {
    const proxy = await startFaultProxy(endpoint, { targetHost: true });
    try {
      const store = await storeAt(`gs://${bucket}/flaky`, proxy.url, { maxRetries: 4 });
      const bytes = pseudoRandomBytes(100_000, 3);
      proxy.inject(unavailable(2));
      await store.put("object.bin", bytes);
      proxy.inject(unavailable(2));
      expect(sha256(await store.get("object.bin"))).toBe(sha256(bytes));
      proxy.inject(unavailable(2));
      expect((await store.stat("object.bin")).size).toBe(bytes.byteLength);
      expect(proxy.failed).toBe(6);
      expect(proxy.forwarded).toBeGreaterThanOrEqual(3);
      // More failures than retries: the store is unavailable, and the error says so with the service's answer.
      const impatient = await storeAt(`gs://${bucket}/flaky`, proxy.url, { maxRetries: 1 });
      proxy.inject(unavailable(5));
      const error = await expectKoanError(() => impatient.get("object.bin"), ArtifactStoreError, "ARTIFACT_STORE");
      expect(error.message).toMatch(/kept answering 503/);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
