// The flavor's config and the error's fields are typed precisely.
import { ArtifactStoreError } from "@koan/core";
import type { ArtifactStoreFailure } from "@koan/core";
import { expectTypeOf, test } from "vitest";
import { s3ArtifactStore } from "../src/index.js";
import type { S3ArtifactStoreConfig } from "../src/index.js";

test("configure takes a path and optional, typed settings", () => {
  s3ArtifactStore.configure({ path: "s3://bucket/prefix" });
  s3ArtifactStore.configure({ path: "s3://bucket", endpoint: "http://127.0.0.1:9000", forcePathStyle: true, partSizeMiB: 16 });
  // @ts-expect-error the path is required
  s3ArtifactStore.configure({ region: "eu-west-1" });
  // @ts-expect-error forcePathStyle is a boolean
  s3ArtifactStore.configure({ path: "s3://bucket", forcePathStyle: "yes" });
  // @ts-expect-error unknown fields are refused
  s3ArtifactStore.configure({ path: "s3://bucket", bucket: "typo" });
});

test("the parsed config has its defaults filled in", () => {
  expectTypeOf<S3ArtifactStoreConfig["forcePathStyle"]>().toEqualTypeOf<boolean>();
  expectTypeOf<S3ArtifactStoreConfig["maxAttempts"]>().toEqualTypeOf<number>();
  expectTypeOf<S3ArtifactStoreConfig["accessKeyId"]>().toEqualTypeOf<string | undefined>();
});

test("ArtifactStoreError says why, as a closed set", () => {
  expectTypeOf<ArtifactStoreError["failure"]>().toEqualTypeOf<ArtifactStoreFailure>();
  expectTypeOf<ArtifactStoreFailure>().toEqualTypeOf<"missing-bucket" | "credentials" | "permission" | "unreachable" | "service">();
});
