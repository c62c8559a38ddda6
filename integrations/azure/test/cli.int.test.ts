// The CLI way from the README, through the built `koan` binary: a secret of
// the azure schema, an artifact store registered with a reference to it, a
// stack, and a pipeline run whose artifacts land in Azurite.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BlobServiceClient } from "@azure/storage-blob";
import { afterAll, describe, expect, it } from "vitest";
import { azurite, azuriteAccount, createContainer, deleteContainer } from "./helpers/azurite-peer.js";
import { expectCode, koan, TWO_STEP_PIPELINE, project } from "../../../packages/cli/test/helpers/cli.js";

describe.skipIf(!azurite.available)(`koan artifact-store register --flavor azure ${azurite.title}`, () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it("registers the store with a secret reference, runs a pipeline on it, and never prints the secret", async () => {
    const account = azuriteAccount();
    const container = await createContainer(account.connectionString, "cli");
    const dir = await project({ integrations: ["azure"] });
    cleanups.push(() => deleteContainer(account.connectionString, container));

    expectCode(await koan(["secret", "create", "azure", "--schema", "azure", `--AZURE_STORAGE_CONNECTION_STRING=${account.connectionString}`], { cwd: dir }), 0);
    const registered = expectCode(
      await koan(
        ["artifact-store", "register", "blobs", "--flavor", "azure", "--path", `az://${container}/koan`, "--connection-string", "{{azure.AZURE_STORAGE_CONNECTION_STRING}}"],
        { cwd: dir },
      ),
      0,
    );
    expect(registered.stdout).toContain('Registered artifact store "blobs" (flavor azure');
    expectCode(await koan(["stack", "register", "cloud", "--orchestrator", "default", "--artifact-store", "blobs"], { cwd: dir }), 0);
    expectCode(await koan(["stack", "set", "cloud"], { cwd: dir }), 0);

    await writeFile(join(dir, "pipeline.ts"), TWO_STEP_PIPELINE);
    const run = expectCode(await koan(["run", "pipeline.ts"], { cwd: dir }), 0);
    expect(run.stdout).toContain("total: 999000 status: completed");

    const names: string[] = [];
    for await (const blob of BlobServiceClient.fromConnectionString(account.connectionString).getContainerClient(container).listBlobsFlat({ prefix: "koan/" })) {
      names.push(blob.name);
    }
    expect(names.length).toBeGreaterThanOrEqual(2);

    const described = expectCode(await koan(["artifact-store", "describe", "blobs"], { cwd: dir }), 0);
    expect(described.stdout).toContain("{{azure.AZURE_STORAGE_CONNECTION_STRING}}");
    for (const output of [registered, run, described]) expect(output.stdout + output.stderr).not.toContain(account.accountKey);
  }, 300_000);
});
