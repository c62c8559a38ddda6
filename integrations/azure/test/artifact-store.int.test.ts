// The conformance suite and the failure cases against Azurite, which
// scripts/peers/azurite.sh starts and points to with KOAN_AZURITE_BLOB_ENDPOINT.
// Under KOAN_REQUIRE_PEERS=1 (as in CI) a missing server fails the run
// instead of skipping it.
import { BlobServiceClient, ContainerSASPermissions, generateBlobSASQueryParameters, StorageSharedKeyCredential } from "@azure/storage-blob";
import { ArtifactNotFoundError, ArtifactStoreError } from "@koan/core";
import type { ArtifactStore } from "@koan/core/contracts";
import { artifactStoreSuite, closedPort, expectKoanError, pseudoRandomBytes, sha256, startFaultProxy } from "@koan/testing";
import type { Fault } from "@koan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BLOCK_SIZE } from "../src/artifact-store/azure-artifact-store.js";
import { azureArtifactStore } from "../src/artifact-store/index.js";
import { azurite, azuriteAccount, createContainer, deleteContainer } from "./helpers/azurite-peer.js";

const context = { componentName: "int", repositoryRoot: process.cwd() };
const utf8 = (text: string) => new TextEncoder().encode(text);

function storeWith(config: Record<string, unknown>): Promise<ArtifactStore> {
  return azureArtifactStore.create(azureArtifactStore.parseConfig(config), context);
}

async function keys(listing: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const key of listing) out.push(key);
  return out;
}

/** The service's answer when it is busy: a 503 the client retries with backoff. */
function unavailable(times: number): Fault {
  return { kind: "status", status: 503, times, headers: { "content-type": "application/xml", "retry-after": "0" }, body: '<?xml version="1.0" encoding="utf-8"?><Error><Code>ServerBusy</Code><Message>injected: the server is busy</Message></Error>' };
}

describe.skipIf(!azurite.available)(`azure artifact store ${azurite.title}`, () => {
  let account: ReturnType<typeof azuriteAccount>;
  let container = "";
  beforeAll(async () => {
    account = azuriteAccount();
    container = await createContainer(account.connectionString, "int");
  });
  afterAll(async () => {
    if (container) await deleteContainer(account.connectionString, container);
  });

  artifactStoreSuite({
    name: "azure (azurite, connection string)",
    create: () => storeWith({ path: `az://${container}/koan/artifacts`, connectionString: account.connectionString }),
    prefix: "koan-int/",
    timeoutMs: 120_000,
  });

  it("signs in with an account name and key, and keeps the blobs under the folder of its path", async () => {
    const store = await storeWith({ path: `az://${container}/team-a`, accountName: account.accountName, accountKey: account.accountKey, endpoint: account.endpoint });
    await store.put("runs/1/model.bin", utf8("weights"));
    const names: string[] = [];
    for await (const blob of BlobServiceClient.fromConnectionString(account.connectionString).getContainerClient(container).listBlobsFlat({ prefix: "team-a/" })) {
      names.push(blob.name);
    }
    expect(names).toEqual(["team-a/runs/1/model.bin"]);
    expect(store.identity).toBe(`${account.endpoint}/${container}/team-a`);
    expect(await keys(store.list(""))).toEqual(["runs/1/model.bin"]);
    expect(await store.deletePrefix("")).toBe(1);
  });

  it("signs in with a SAS token, which never shows in its identity or URIs", async () => {
    const sas = generateBlobSASQueryParameters(
      { containerName: container, permissions: ContainerSASPermissions.parse("racwdl"), expiresOn: new Date(Date.now() + 3_600_000) },
      new StorageSharedKeyCredential(account.accountName, account.accountKey),
    ).toString();
    const store = await storeWith({ path: `az://${container}/sas`, accountName: account.accountName, sasToken: sas, endpoint: account.endpoint });
    const bytes = pseudoRandomBytes(BLOCK_SIZE * 2 + 5, 11);
    await store.put("big.bin", bytes);
    expect(sha256(await store.get("big.bin"))).toBe(sha256(bytes));
    expect(await keys(store.list(""))).toEqual(["big.bin"]);
    const signature = new URLSearchParams(sas).get("sig") ?? "";
    expect(signature.length).toBeGreaterThan(0);
    expect(store.identity).not.toContain(signature);
    expect(store.uriFor("big.bin")).not.toContain("sig=");
    expect(await store.deletePrefix("")).toBe(1);
  });

  it("a block upload whose body fails leaves no blob and keeps the old one (uncommitted blocks are invisible)", async () => {
    const store = await storeWith({ path: `az://${container}/atomic`, connectionString: account.connectionString });
    const failing = async function* (): AsyncGenerator<Uint8Array> {
      // Several blocks staged before the body breaks.
      for (let sent = 0; sent <= BLOCK_SIZE * 3; sent += 1024 * 1024) yield pseudoRandomBytes(1024 * 1024, sent);
      throw new Error("the source broke late");
    };
    await store.put("existing.bin", utf8("old value"));
    await expect(store.put("existing.bin", failing())).rejects.toThrow("the source broke late");
    expect(Buffer.from(await store.get("existing.bin")).toString("utf8")).toBe("old value");
    await expect(store.put("fresh.bin", failing())).rejects.toThrow("the source broke late");
    expect(await store.exists("fresh.bin")).toBe(false);
    expect(await keys(store.list(""))).toEqual(["existing.bin"]);
  }, 120_000);

  it("a missing container is ArtifactStoreError naming the store, on every kind of call", async () => {
    const store = await storeWith({ path: "az://koan-no-such-container/x", connectionString: account.connectionString, maxRetries: 0 });
    const calls = [() => store.put("k", utf8("x")), () => store.get("k"), () => store.stat("k"), () => keys(store.list("")), () => store.deletePrefix("")];
    for (const action of calls) {
      const error = await expectKoanError(action, ArtifactStoreError, "ARTIFACT_STORE");
      expect(error.store).toBe(store.identity);
      expect(error.failure).toBe("missing-bucket");
      expect(error.message).toContain('container "koan-no-such-container" does not exist');
      expect(error.cause).toBeDefined();
    }
  });

  it("a wrong account key is ArtifactStoreError that never shows the key", async () => {
    const wrongKey = Buffer.from("not the key of devstoreaccount1, not at all").toString("base64");
    const store = await storeWith({ path: `az://${container}/x`, accountName: account.accountName, accountKey: wrongKey, endpoint: account.endpoint, maxRetries: 0 });
    for (const action of [() => store.put("k", utf8("x")), () => store.get("k"), () => keys(store.list(""))]) {
      const error = await expectKoanError(action, ArtifactStoreError, "ARTIFACT_STORE");
      // Azure answers a bad signature with 403 AuthenticationFailed ("credentials"); Azurite
      // answers AuthorizationFailure, which Azure uses for requests it will not allow ("permission").
      expect(["credentials", "permission"]).toContain(error.failure);
      expect(error.message).toMatch(/refused the (credentials|request) \(403/);
      expect(error.message).not.toContain(wrongKey);
    }
  });

  it("a missing blob is ArtifactNotFoundError, not an unavailable store", async () => {
    const store = await storeWith({ path: `az://${container}/x`, connectionString: account.connectionString });
    await expectKoanError(() => store.stat("nope"), ArtifactNotFoundError, "ARTIFACT_NOT_FOUND");
  });

  it("an unreachable endpoint is ArtifactStoreError once the retries are spent", async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}/${account.accountName}`;
    const store = await storeWith({ path: `az://${container}/x`, accountName: account.accountName, accountKey: account.accountKey, endpoint, maxRetries: 1 });
    const error = await expectKoanError(() => store.put("k", utf8("x")), ArtifactStoreError, "ARTIFACT_STORE");
    expect(error.message).toMatch(/could not reach/);
    expect(error.failure).toBe("unreachable");
    expect(error.store).toBe(store.identity);
  }, 60_000);

  it("retries requests the service answers with 503, with backoff, and then succeeds", async () => {
    const proxy = await startFaultProxy(account.endpoint, { targetHost: true });
    try {
      const config = { path: `az://${container}/flaky`, accountName: account.accountName, accountKey: account.accountKey, endpoint: proxy.url };
      const store = await storeWith({ ...config, maxRetries: 4 });
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
      const impatient = await storeWith({ ...config, maxRetries: 1 });
      proxy.inject(unavailable(5));
      const error = await expectKoanError(() => impatient.stat("object.bin"), ArtifactStoreError, "ARTIFACT_STORE");
      expect(error.message).toMatch(/kept answering 503/);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
