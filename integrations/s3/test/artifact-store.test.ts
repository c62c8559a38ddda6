// What can be checked without a server: the flavor and its config, paths,
// identities, URIs and key refusal. The conformance suite itself runs against
// real S3 servers in artifact-store.int.test.ts.
import { ArtifactStoreError, InvalidArtifactKeyError, InvalidConfigError } from "@koan/core";
import { ESCAPING_KEYS, flavorSuite } from "@koan/testing";
import { describe, expect, it } from "vitest";
import { S3ArtifactStore, s3ArtifactStore } from "../src/index.js";
import { parseS3Path } from "../src/artifact-store/s3-path.js";

const context = { componentName: "unit", repositoryRoot: process.cwd() };
// Nothing listens on port 9 (discard) here, and no test below sends a request.
const offline = { path: "s3://koan-unit/artifacts", endpoint: "http://127.0.0.1:9", region: "us-east-1" };

flavorSuite({
  flavor: s3ArtifactStore,
  validConfig: offline,
  invalidConfigs: [
    { config: {}, path: "path" },
    { config: { path: "" }, path: "path" },
    { config: { path: "bucket/prefix" }, path: "path" },
    { config: { path: "s3://Not_A_Bucket/x" }, path: "path" },
    { config: { path: "s3://koan-unit/a//b" }, path: "path" },
    { config: { path: "s3://koan-unit/../up" }, path: "path" },
    { config: { path: "s3://koan-unit", endpoint: "not a url" }, path: "endpoint" },
    { config: { path: "s3://koan-unit", accessKeyId: "AKIA" }, path: "secretAccessKey" },
    { config: { path: "s3://koan-unit", secretAccessKey: "x" }, path: "accessKeyId" },
    { config: { path: "s3://koan-unit", sessionToken: "x" }, path: "sessionToken" },
    { config: { path: "s3://koan-unit", partSizeMiB: 4 }, path: "partSizeMiB" },
    { config: { path: "s3://koan-unit", bucket: "typo" }, path: "bucket" },
  ],
  context,
  packageName: "@koan/s3",
});

describe("s3 paths", () => {
  it("splits a bucket from its prefix and ends the prefix with /", () => {
    expect(parseS3Path("s3://my-bucket")).toEqual({ bucket: "my-bucket", prefix: "" });
    expect(parseS3Path("s3://my-bucket/")).toEqual({ bucket: "my-bucket", prefix: "" });
    expect(parseS3Path("s3://my-bucket/team/artifacts")).toEqual({ bucket: "my-bucket", prefix: "team/artifacts/" });
    expect(parseS3Path("s3://my.bucket-1/team/artifacts/")).toEqual({ bucket: "my.bucket-1", prefix: "team/artifacts/" });
  });

  it("explains what is wrong with a bad path", () => {
    expect(parseS3Path("gs://bucket")).toMatch(/expected s3:\/\/bucket/);
    expect(parseS3Path("s3://ab")).toMatch(/not a valid bucket name/);
    expect(parseS3Path("s3://UPPER")).toMatch(/not a valid bucket name/);
    expect(parseS3Path("s3://a..b")).toMatch(/not a valid bucket name/);
    expect(parseS3Path("s3://bucket/a/../b")).toMatch(/prefix "a\/..\/b" is refused/);
  });
});

describe("S3ArtifactStore without a server", () => {
  const create = (overrides: Record<string, unknown> = {}) =>
    s3ArtifactStore.create(s3ArtifactStore.parseConfig({ ...offline, ...overrides }), context) as Promise<S3ArtifactStore>;

  it("is a remote store whose identity names the bucket, the prefix and a custom endpoint", async () => {
    const store = await create();
    expect(store.isRemote).toBe(true);
    expect(store.flavor).toBe("s3");
    expect(store.identity).toBe("s3://koan-unit/artifacts?endpoint=http://127.0.0.1:9");
    const onAws = await create({ endpoint: undefined, path: "s3://koan-unit" });
    expect(onAws.identity).toBe("s3://koan-unit");
    await store.close();
    await onAws.close();
  });

  it("names keys as s3:// URIs under the prefix", async () => {
    const store = await create();
    expect(store.uriFor("runs/1/model.bin")).toBe("s3://koan-unit/artifacts/runs/1/model.bin");
    expect(new URL(store.uriFor("runs/with space.txt")).protocol).toBe("s3:");
    await store.close();
  });

  it("refuses escaping keys before sending anything", async () => {
    const store = await create();
    for (const bad of ESCAPING_KEYS) {
      await expect(store.get(bad)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
      await expect(store.put(bad, new Uint8Array(1))).rejects.toBeInstanceOf(InvalidArtifactKeyError);
      await expect(store.delete(bad)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    }
    await store.close();
  });

  it("never shows credentials in its config errors or its own fields", async () => {
    const error = await s3ArtifactStore.createComponent({ path: "s3://koan-unit", accessKeyId: "AKIAUNITTEST" }, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(String((error as Error).message)).not.toContain("AKIAUNITTEST");
    const store = await create({ accessKeyId: "AKIAUNITTEST", secretAccessKey: "very-secret-value" });
    expect(JSON.stringify(store)).not.toContain("very-secret-value");
    expect(JSON.stringify(store)).not.toContain("AKIAUNITTEST");
    await store.close();
  });

  it("exports the typed error callers branch on", () => {
    const error = new ArtifactStoreError("s3://b", "missing-bucket", "reading failed");
    expect(error.code).toBe("ARTIFACT_STORE");
    expect(error.failure).toBe("missing-bucket");
    expect(error.message).toBe("Artifact store s3://b: reading failed");
  });
});
