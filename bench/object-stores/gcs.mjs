// The GCS store for the object-store benchmark (bench/object-stores/run.mjs):
// a fresh bucket on the fake-gcs-server that scripts/peers/gcs.sh started.
import { randomBytes } from "node:crypto";
import { Storage } from "@google-cloud/storage";
import { gcsArtifactStore } from "@koan/gcp";

/** @param {Record<string, string | undefined>} env the `.peers/env` variables */
export async function createStore(env) {
  const endpoint = env.KOAN_GCS_ENDPOINT;
  if (!endpoint) throw new Error("KOAN_GCS_ENDPOINT is not set: run scripts/peers/up.sh gcs and load .peers/env");
  const bucket = `koan-bench-${randomBytes(4).toString("hex")}`;
  await new Storage({ apiEndpoint: endpoint, projectId: "koan-bench" }).createBucket(bucket);
  return gcsArtifactStore.create(gcsArtifactStore.parseConfig({ path: `gs://${bucket}/bench`, endpoint }), {
    componentName: "bench",
    repositoryRoot: process.cwd(),
  });
}
