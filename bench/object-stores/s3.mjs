// The S3 artifact store (@koan/s3) on the moto server that scripts/peers/moto.sh
// starts (KOAN_S3_ENDPOINT, with the key pair it created). For run.mjs.
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { s3ArtifactStore } from "@koan/s3";

export async function createStore(env) {
  return createS3Store({
    endpoint: required(env, "KOAN_S3_ENDPOINT", "scripts/peers/up.sh moto"),
    accessKeyId: env.KOAN_S3_ACCESS_KEY_ID ?? "koan-bench",
    secretAccessKey: env.KOAN_S3_SECRET_ACCESS_KEY ?? "koan-bench-secret",
    label: "moto",
  });
}

/** A fresh bucket on an S3-compatible server, and an `s3` artifact store on it. */
export async function createS3Store({ endpoint, accessKeyId, secretAccessKey, label }) {
  const bucket = `koan-bench-${label}-${Date.now().toString(36)}`;
  const client = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
  const config = s3ArtifactStore.parseConfig({
    path: `s3://${bucket}/bench`,
    region: "us-east-1",
    endpoint,
    forcePathStyle: true,
    accessKeyId,
    secretAccessKey,
  });
  return s3ArtifactStore.create(config, { componentName: "bench", repositoryRoot: process.cwd() });
}

export function required(env, name, start) {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set; start the server with ${start}`);
  return value;
}
