// The S3 servers the integration tests run against, started by scripts/peers/:
// moto (from PyPI; checks signatures, so it needs the key pair its peer script
// created) and fauxqs (from npm; accepts any credentials).
import { randomBytes } from "node:crypto";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { peer } from "@koan/testing";
import type { Peer } from "@koan/testing";
import { s3ArtifactStore } from "../src/index.js";

/** A config as given to `configure` or `parseConfig` (defaults not yet applied). */
export type S3ConfigInput = Parameters<typeof s3ArtifactStore.configure>[0];

export interface S3Peer {
  readonly name: "moto" | "fauxqs";
  readonly service: Peer;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Whether the server checks signatures: only then can a wrong key be refused. */
  readonly checksCredentials: boolean;
}

export const S3_PEERS: readonly S3Peer[] = [
  {
    name: "moto",
    service: peer({ env: "KOAN_S3_ENDPOINT", start: "scripts/peers/moto.sh" }),
    accessKeyId: process.env.KOAN_S3_ACCESS_KEY_ID ?? "",
    secretAccessKey: process.env.KOAN_S3_SECRET_ACCESS_KEY ?? "",
    checksCredentials: true,
  },
  {
    name: "fauxqs",
    service: peer({ env: "KOAN_FAUXQS_ENDPOINT", start: "scripts/peers/fauxqs.sh" }),
    accessKeyId: "koan-test",
    secretAccessKey: "koan-test-secret",
    checksCredentials: false,
  },
];

/** A fresh bucket name, so runs never share state. */
export function uniqueBucket(label: string): string {
  return `koan-${label}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

/** Creates a bucket on the peer with the SDK directly (the store never creates buckets). */
export async function createBucket(s3: S3Peer, bucket: string): Promise<void> {
  const client = new S3Client({
    region: "us-east-1",
    endpoint: s3.service.value,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
}

/** The store's config for a bucket on the peer. */
export function peerConfig(s3: S3Peer, path: string, overrides: Partial<S3ConfigInput> = {}): S3ConfigInput {
  return {
    path,
    region: "us-east-1",
    endpoint: s3.service.value,
    forcePathStyle: true,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    ...overrides,
  };
}
