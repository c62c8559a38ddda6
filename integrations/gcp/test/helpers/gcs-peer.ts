import { Storage } from "@google-cloud/storage";
import { peer, uniqueToken } from "@koan/testing";

/** fake-gcs-server, started by scripts/peers/gcs.sh. */
export const gcs = peer({ env: "KOAN_GCS_ENDPOINT", start: "scripts/peers/gcs.sh" });

/** A new, empty bucket on the emulator, made through its API. */
export async function createBucket(endpoint: string, label: string): Promise<string> {
  const name = `koan-${label}-${uniqueToken()}`;
  await new Storage({ apiEndpoint: endpoint, projectId: "koan-test" }).createBucket(name);
  return name;
}

/** Deletes a bucket and whatever is left in it. */
export async function deleteBucket(endpoint: string, name: string): Promise<void> {
  const bucket = new Storage({ apiEndpoint: endpoint, projectId: "koan-test" }).bucket(name);
  await bucket.deleteFiles({ force: true });
  await bucket.delete();
}
