// The Azure store for the object-store benchmark (bench/object-stores/run.mjs):
// a fresh container on the Azurite that scripts/peers/azurite.sh started.
import { randomBytes } from "node:crypto";
import { BlobServiceClient } from "@azure/storage-blob";
import { azureArtifactStore } from "@koan/azure";

/** @param {Record<string, string | undefined>} env the `.peers/env` variables */
export async function createStore(env) {
  const connectionString = env.KOAN_AZURITE_CONNECTION_STRING;
  if (!connectionString) throw new Error("KOAN_AZURITE_CONNECTION_STRING is not set: run scripts/peers/up.sh azurite and load .peers/env");
  const container = `koan-bench-${randomBytes(4).toString("hex")}`;
  await BlobServiceClient.fromConnectionString(connectionString).createContainer(container);
  return azureArtifactStore.create(azureArtifactStore.parseConfig({ path: `az://${container}/bench`, connectionString }), {
    componentName: "bench",
    repositoryRoot: process.cwd(),
  });
}
