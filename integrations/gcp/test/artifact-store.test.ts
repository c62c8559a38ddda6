import { ArtifactNotFoundError, ArtifactStoreError, InvalidConfigError } from "@koan/core";
import { flavorSuite } from "@koan/testing";
import { describe, expect, it } from "vitest";
import { GcsArtifactStore, gcsArtifactStore, parseGcsPath } from "../src/artifact-store/index.js";
import { translateGcsError } from "../src/artifact-store/gcs-errors.js";

// The conformance suite runs against a real server in artifact-store.int.test.ts;
// these tests need no network.
const context = { componentName: "artifacts", repositoryRoot: process.cwd() };

flavorSuite({
  flavor: gcsArtifactStore,
  validConfig: { path: "gs://ml-artifacts/team/koan", endpoint: "http://127.0.0.1:4443" },
  invalidConfigs: [
    { config: {}, path: "path" },
    { config: { path: "s3://bucket/x" }, path: "path" },
    { config: { path: "gs://UPPER/x" }, path: "path" },
    { config: { path: "gs://bucket/a/../b" }, path: "path" },
    { config: { path: "gs://bucket", endpoint: "not a url" }, path: "endpoint" },
    { config: { path: "gs://bucket", maxRetries: -1 }, path: "maxRetries" },
    { config: { path: "gs://bucket", region: "eu" }, path: "region" },
  ],
  context,
  packageName: "@koan/gcp",
});

describe("gs:// paths", () => {
  it("reads the bucket and the folder, with or without a trailing slash", () => {
    expect(parseGcsPath("gs://ml-artifacts")).toEqual({ bucket: "ml-artifacts", prefix: "" });
    expect(parseGcsPath("gs://ml-artifacts/")).toEqual({ bucket: "ml-artifacts", prefix: "" });
    expect(parseGcsPath("gs://ml-artifacts/team/koan")).toEqual({ bucket: "ml-artifacts", prefix: "team/koan/" });
    expect(parseGcsPath("gs://ml-artifacts/team/koan/")).toEqual({ bucket: "ml-artifacts", prefix: "team/koan/" });
  });

  it("says what is wrong with a bad path", () => {
    expect(parseGcsPath("ml-artifacts")).toMatch(/not a gs:\/\/ path/);
    expect(parseGcsPath("gs://a")).toMatch(/not a bucket name/);
    expect(parseGcsPath("gs://bucket/a//x")).toMatch(/empty path segment/);
    expect(parseGcsPath("gs://bucket//x")).toMatch(/leading \//);
  });

  it("names the store by its path, and the endpoint when it is not Google's", async () => {
    const store = await gcsArtifactStore.create(gcsArtifactStore.parseConfig({ path: "gs://ml-artifacts/team" }), context);
    expect(store.identity).toBe("gs://ml-artifacts/team");
    expect(store.isRemote).toBe(true);
    expect(store.uriFor("runs/1/model.bin")).toBe("gs://ml-artifacts/team/runs/1/model.bin");
    const emulated = GcsArtifactStore.connect({ location: { bucket: "b", prefix: "" }, endpoint: "http://127.0.0.1:4443" });
    expect(emulated.identity).toBe("gs://b at http://127.0.0.1:4443");
    expect(emulated.uriFor("k")).toBe("gs://b/k");
  });
});

describe("credentials", () => {
  it("refuses a value that is not a service account key without repeating it", async () => {
    const secret = "not-json-but-a-secret-value";
    const error = await gcsArtifactStore.createComponent({ path: "gs://bucket", credentials: secret }, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).issues[0]?.path).toBe("credentials");
    expect((error as Error).message).not.toContain(secret);
    const notAKey = await gcsArtifactStore.createComponent({ path: "gs://bucket", credentials: '{"a":1}' }, context).catch((e: unknown) => e);
    expect((notAKey as Error).message).toMatch(/not a service account key/);
  });
});

describe("errors from Cloud Storage", () => {
  const store = "gs://bucket/x";
  const apiError = (code: number, message: string) => Object.assign(new Error(message), { code });

  it("a missing object is ArtifactNotFoundError; a missing bucket names the store", () => {
    expect(translateGcsError(apiError(404, "No such object: bucket/x/k"), store, "bucket", "k")).toBeInstanceOf(ArtifactNotFoundError);
    const missingBucket = translateGcsError(apiError(404, "The specified bucket does not exist."), store, "bucket", "k");
    expect(missingBucket).toBeInstanceOf(ArtifactStoreError);
    expect((missingBucket as ArtifactStoreError).store).toBe(store);
    expect((missingBucket as ArtifactStoreError).failure).toBe("missing-bucket");
    expect((missingBucket as Error).message).toMatch(/bucket "bucket" does not exist/);
    expect(translateGcsError(apiError(404, "Not Found"), store, "bucket")).toBeInstanceOf(ArtifactStoreError);
  });

  it("refused credentials and an unreachable endpoint are ArtifactStoreError with the cause", () => {
    const forbidden = apiError(403, "caller does not have storage.objects.get access");
    const error = translateGcsError(forbidden, store, "bucket", "k") as ArtifactStoreError;
    expect(error).toBeInstanceOf(ArtifactStoreError);
    expect(error.code).toBe("ARTIFACT_STORE");
    expect(error.failure).toBe("permission");
    expect(error.cause).toBe(forbidden);
    expect(error.message).toMatch(/refused the request \(403/);
    const unauthenticated = translateGcsError(apiError(401, "Invalid Credentials"), store, "bucket", "k") as ArtifactStoreError;
    expect(unauthenticated.failure).toBe("credentials");
    expect(unauthenticated.message).toMatch(/refused the credentials \(401/);
    const network = Object.assign(new Error("request to http://127.0.0.1:1/ failed, reason: connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect((translateGcsError(network, store, "bucket") as Error).message).toMatch(/could not reach .*ECONNREFUSED/);
    expect((translateGcsError(network, store, "bucket") as ArtifactStoreError).failure).toBe("unreachable");
  });

  it("a 5xx that outlived the retries is ArtifactStoreError", () => {
    expect((translateGcsError(apiError(503, "busy"), store, "bucket", "k") as Error).message).toMatch(/kept answering 503/);
  });

  it("a streamed upload whose request failed is ArtifactStoreError saying the body cannot be sent again", () => {
    const failed = translateGcsError(new Error("Retry limit exceeded - request to http://127.0.0.1:1/upload failed"), store, "bucket") as ArtifactStoreError;
    expect(failed).toBeInstanceOf(ArtifactStoreError);
    expect(failed.failure).toBe("unreachable");
    expect(failed.message).toMatch(/cannot be sent again/);
  });

  it("passes other errors on unchanged", () => {
    const broken = new Error("the source broke");
    expect(translateGcsError(broken, store, "bucket", "k")).toBe(broken);
  });
});
