import { BlobServiceClient } from "@azure/storage-blob";
import { peer, uniqueToken } from "@koan/testing";

/** Azurite's Blob service, started by scripts/peers/azurite.sh. */
export const azurite = peer({ env: "KOAN_AZURITE_BLOB_ENDPOINT", start: "scripts/peers/azurite.sh" });

/** What scripts/peers/azurite.sh publishes besides the endpoint: the development account (public, the same in every Azurite). */
export function azuriteAccount(): { endpoint: string; connectionString: string; accountName: string; accountKey: string } {
  const read = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set; start Azurite with scripts/peers/azurite.sh and load .peers/env`);
    return value;
  };
  return {
    endpoint: read("KOAN_AZURITE_BLOB_ENDPOINT"),
    connectionString: read("KOAN_AZURITE_CONNECTION_STRING"),
    accountName: read("KOAN_AZURITE_ACCOUNT_NAME"),
    accountKey: read("KOAN_AZURITE_ACCOUNT_KEY"),
  };
}

/** A new, empty container on Azurite, made through its API. */
export async function createContainer(connectionString: string, label: string): Promise<string> {
  const name = `koan-${label}-${uniqueToken()}`.toLowerCase();
  await BlobServiceClient.fromConnectionString(connectionString).createContainer(name);
  return name;
}

export async function deleteContainer(connectionString: string, name: string): Promise<void> {
  await BlobServiceClient.fromConnectionString(connectionString).getContainerClient(name).deleteIfExists();
}
