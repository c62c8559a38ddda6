// The quickstart pipeline end to end on a stack whose artifact store is
// Azure Blob Storage (Azurite, from scripts/peers/azurite.sh): every artifact
// goes to the container and comes back from it, and a second run is served
// from the cache.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BlobServiceClient } from "@azure/storage-blob";
import { closeRepositories, defineStack, localOrchestrator } from "@koan/core";
import { runQuickstart } from "@koan/example-quickstart";
import type { Selection } from "@koan/example-quickstart";
import { afterAll, describe, expect, it } from "vitest";
import { azureArtifactStore } from "../src/index.js";
import { azurite, azuriteAccount, createContainer, deleteContainer } from "./helpers/azurite-peer.js";

const exampleRoot = fileURLToPath(new URL("../../../examples/quickstart", import.meta.url));

describe.skipIf(!azurite.available)(`the quickstart on an Azure stack ${azurite.title}`, () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    await closeRepositories();
    for (const cleanup of cleanups) await cleanup();
  });

  it("runs every step with its artifacts in the container, then serves a second run from the cache", async () => {
    const account = azuriteAccount();
    const repository = await mkdtemp(join(tmpdir(), "koan-azure-quickstart-"));
    const container = await createContainer(account.connectionString, "quickstart");
    cleanups.push(() => rm(repository, { recursive: true, force: true }), () => deleteContainer(account.connectionString, container));
    const stack = defineStack("azure", {
      orchestrator: localOrchestrator.configure({}),
      artifactStore: azureArtifactStore.configure({ path: `az://${container}/quickstart`, connectionString: account.connectionString }),
    });

    const first = await runQuickstart({ exampleRoot, repository, progress: false, stack });
    expect(first.status).toBe("completed");
    expect(first.steps.map((s) => s.status)).toEqual(Array(8).fill("completed"));
    const selection = await first.step("select_best").output().load<Selection>();
    expect(["logistic-regression", "decision-tree"]).toContain(selection.winner);

    // The artifacts are blobs in the container, under the store's folder.
    const names: string[] = [];
    const client = BlobServiceClient.fromConnectionString(account.connectionString).getContainerClient(container);
    for await (const blob of client.listBlobsFlat({ prefix: "quickstart/" })) names.push(blob.name);
    expect(names.length).toBeGreaterThanOrEqual(8);
    expect(first.step("select_best").output().record.storeIdentity).toBe(`${account.endpoint}/${container}/quickstart`);

    const second = await runQuickstart({ exampleRoot, repository, progress: false, stack });
    expect(second.steps.map((s) => s.status)).toEqual(Array(8).fill("cached"));
    expect((await second.step("select_best").output().load<Selection>()).winner).toBe(selection.winner);
  }, 300_000);
});
