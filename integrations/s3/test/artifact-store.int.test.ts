// The artifact store conformance suite against real S3 servers started by
// scripts/peers/ (moto.sh, fauxqs.sh). Under KOAN_REQUIRE_PEERS=1 (as in CI)
// a missing server fails the run instead of skipping it.
import { artifactStoreSuite } from "@koan/testing";
import { beforeAll, describe } from "vitest";
import { s3ArtifactStore } from "../src/index.js";
import { S3_PEERS, createBucket, peerConfig, uniqueBucket } from "./s3-peers.js";

const context = { componentName: "int", repositoryRoot: process.cwd() };

for (const s3 of S3_PEERS) {
  describe.skipIf(!s3.service.available)(`s3 artifact store on ${s3.name} ${s3.service.title}`, () => {
    const bucket = uniqueBucket(s3.name);
    beforeAll(() => createBucket(s3, bucket), 60_000);
    artifactStoreSuite({
      name: `s3 on ${s3.name}`,
      create: () => s3ArtifactStore.create(s3ArtifactStore.parseConfig(peerConfig(s3, `s3://${bucket}/artifacts`)), context),
      prefix: "koan-int/",
      timeoutMs: 120_000,
    });
  });
}
