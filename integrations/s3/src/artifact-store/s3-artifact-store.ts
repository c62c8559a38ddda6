import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { ArtifactNotFoundError, ArtifactStoreError, assertValidKey } from "@koan/core";
import type { ArtifactStore, ObjectBody, ObjectStat } from "@koan/core/contracts";
import type { S3ArtifactStoreConfig } from "./flavor.js";
import { isBareForbidden, isNotFound, isTransient, missingBucketError, toArtifactStoreError } from "./s3-errors.js";
import { parseS3Path } from "./s3-path.js";

const MiB = 1024 * 1024;
/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000;

/**
 * Artifacts as objects in an S3 bucket (or an S3-compatible store), under an
 * optional key prefix.
 *
 * - `put` of a stream is a multipart upload (`@aws-sdk/lib-storage`): parts of
 *   `partSizeMiB`, `uploadConcurrency` at a time, so memory stays bounded
 *   whatever the size. S3 makes an object visible only when its PUT or its
 *   multipart upload completes, so readers never see a part; a failed upload
 *   is aborted, so it leaves no object and no stored parts.
 * - `getStream` streams the body and, when the connection breaks mid-way,
 *   resumes from the last byte with a ranged GET pinned to the same version
 *   (`If-Match` on the ETag), with backoff.
 * - Every request goes through the SDK's standard retry strategy
 *   (`maxAttempts`, exponential backoff with jitter) for throttling, 5xx and
 *   network errors. What still fails becomes an `ArtifactStoreError` naming
 *   the store and the cause; a missing key is an `ArtifactNotFoundError`.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly specVersion = 1 as const;
  readonly type = "artifact_store" as const;
  readonly flavor = "s3";
  readonly isRemote = true;
  /** `s3://bucket/prefix`, with `?endpoint=...` for an S3-compatible service: the same bucket name elsewhere is another store. */
  readonly identity: string;
  readonly bucket: string;
  /** The key prefix inside the bucket: "" or ending in `/`. */
  readonly prefix: string;
  readonly #client: S3Client;
  readonly #endpoint: string;
  readonly #partSize: number;
  readonly #concurrency: number;
  readonly #maxAttempts: number;

  constructor(config: S3ArtifactStoreConfig) {
    const location = parseS3Path(config.path);
    if (typeof location === "string") throw new TypeError(`Invalid S3 path: ${location}`);
    this.bucket = location.bucket;
    this.prefix = location.prefix;
    const root = `s3://${this.bucket}${this.prefix ? `/${this.prefix.slice(0, -1)}` : ""}`;
    this.identity = config.endpoint ? `${root}?endpoint=${config.endpoint}` : root;
    const region = config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
    this.#endpoint = config.endpoint ?? `the S3 endpoint of ${region}`;
    this.#partSize = config.partSizeMiB * MiB;
    this.#concurrency = config.uploadConcurrency;
    this.#maxAttempts = config.maxAttempts;
    this.#client = new S3Client({
      region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      ...(config.accessKeyId && config.secretAccessKey
        ? {
            credentials: {
              accessKeyId: config.accessKeyId,
              secretAccessKey: config.secretAccessKey,
              ...(config.sessionToken ? { sessionToken: config.sessionToken } : {}),
            },
          }
        : {}),
      maxAttempts: config.maxAttempts,
      retryMode: "standard",
      // A bucket in another region than configured answers with a redirect; follow it.
      followRegionRedirects: true,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
      // S3-compatible services often refuse the newer trailing CRC checksums; send checksums only where S3 requires them.
      ...(config.endpoint ? { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" } : {}),
    });
  }

  uriFor(key: string): string {
    assertValidKey(key, { prefix: true });
    return `s3://${this.bucket}/${this.prefix}${key}`;
  }

  async put(key: string, body: ObjectBody): Promise<ObjectStat> {
    const Key = this.#objectKey(key);
    if (body instanceof Uint8Array && body.byteLength <= this.#partSize) {
      await this.#send(`writing "${key}"`, () =>
        this.#client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: body, ContentLength: body.byteLength })),
      );
      return { key, size: body.byteLength, modifiedAt: new Date() };
    }
    let size = 0;
    let sourceError: unknown;
    let source: Uint8Array | Readable;
    if (body instanceof Uint8Array) {
      size = body.byteLength;
      source = body;
    } else {
      const counted = async function* (): AsyncGenerator<Uint8Array> {
        try {
          for await (const chunk of body) {
            size += chunk.byteLength;
            yield chunk;
          }
        } catch (error) {
          sourceError = error;
          throw error;
        }
      };
      // One chunk read ahead at most. lib-storage then holds the parts in flight, the part it is
      // filling and the one it just cut (each a little over partSize): about (concurrency + 3) parts.
      source = Readable.from(counted(), { objectMode: true, highWaterMark: 1 });
    }
    const upload = new Upload({
      client: this.#client,
      params: { Bucket: this.bucket, Key, Body: source },
      partSize: this.#partSize,
      queueSize: this.#concurrency,
      // On any failure lib-storage aborts the multipart upload: no object, no stored parts.
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      if (source instanceof Readable) source.destroy();
      // The caller's own body failed: report its error, not the SDK's view of it.
      if (sourceError !== undefined) throw sourceError;
      throw toArtifactStoreError(error, this.#context(`writing "${key}"`));
    }
    return { key, size, modifiedAt: new Date() };
  }

  async get(key: string): Promise<Uint8Array> {
    const Key = this.#objectKey(key);
    const response = await this.#send(`reading "${key}"`, () => this.#client.send(new GetObjectCommand({ Bucket: this.bucket, Key })), key);
    if (!response.Body) return new Uint8Array(0);
    return response.Body.transformToByteArray();
  }

  async *getStream(key: string): AsyncIterable<Uint8Array> {
    const Key = this.#objectKey(key);
    const action = `reading "${key}"`;
    let offset = 0;
    let etag: string | undefined;
    let total: number | undefined;
    for (let attempt = 1; ; attempt++) {
      const resumed = offset > 0;
      const response = await this.#send(
        action,
        () =>
          this.#client.send(
            new GetObjectCommand({
              Bucket: this.bucket,
              Key,
              // After a broken connection: the rest of the same version of the object.
              ...(resumed ? { Range: `bytes=${offset}-`, ...(etag ? { IfMatch: etag } : {}) } : {}),
            }),
          ),
        key,
      );
      if (!resumed) {
        etag = response.ETag;
        total = response.ContentLength;
      }
      const stream = response.Body as Readable | undefined;
      if (!stream) return;
      try {
        for await (const chunk of stream as AsyncIterable<Uint8Array>) {
          offset += chunk.byteLength;
          yield chunk;
        }
        if (total === undefined || offset >= total) return;
        // The body ended early without an error: resume like after a reset connection.
      } catch (error) {
        if (!isTransient(error) || attempt >= this.#maxAttempts) throw toArtifactStoreError(error, this.#context(action));
      } finally {
        // Also runs when the caller stops reading early: release the connection.
        stream.destroy();
      }
      if (attempt >= this.#maxAttempts) {
        throw new ArtifactStoreError(this.identity, "unreachable", `${action} failed: the body ended at byte ${offset} of ${total} ${attempt} times`);
      }
      await sleep(backoff(attempt));
    }
  }

  async exists(key: string): Promise<boolean> {
    const Key = this.#objectKey(key);
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return true;
    } catch (error) {
      const action = `checking "${key}"`;
      if (!isNotFound(error)) throw await this.#explain(error, action);
      await this.#assertBucketExists(action);
      return false;
    }
  }

  async stat(key: string): Promise<ObjectStat> {
    const Key = this.#objectKey(key);
    const head = await this.#send(`reading the size of "${key}"`, () => this.#client.send(new HeadObjectCommand({ Bucket: this.bucket, Key })), key);
    return { key, size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? null };
  }

  async *list(prefix: string): AsyncIterable<string> {
    for await (const page of this.#pages(prefix)) yield* page;
  }

  async delete(key: string): Promise<void> {
    const Key = this.#objectKey(key);
    // S3 answers a DELETE of a missing key with success: nothing to translate.
    await this.#send(`deleting "${key}"`, () => this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })));
  }

  async deletePrefix(prefix: string): Promise<number> {
    let count = 0;
    // Each listed page (at most 1,000 keys) is one DeleteObjects request.
    for await (const page of this.#pages(prefix)) {
      for (let start = 0; start < page.length; start += DELETE_BATCH) {
        const batch = page.slice(start, start + DELETE_BATCH);
        const action = `deleting ${batch.length} objects under "${prefix}"`;
        const result = await this.#send(action, () =>
          this.#client.send(
            new DeleteObjectsCommand({
              Bucket: this.bucket,
              Delete: { Objects: batch.map((key) => ({ Key: `${this.prefix}${key}` })), Quiet: true },
            }),
          ),
        );
        const failed = result.Errors ?? [];
        if (failed.length > 0) {
          const first = failed[0];
          throw new ArtifactStoreError(
            this.identity,
            first?.Code === "AccessDenied" ? "permission" : "service",
            `${action} failed for ${failed.length} of them, e.g. "${first?.Key}": ${first?.Code} ${first?.Message ?? ""}`.trim(),
          );
        }
        count += batch.length;
      }
    }
    return count;
  }

  async close(): Promise<void> {
    this.#client.destroy();
  }

  /** The keys under `prefix` (relative to the store's root), one listing page at a time. */
  async *#pages(prefix: string): AsyncGenerator<string[]> {
    assertValidKey(prefix, { prefix: true });
    let token: string | undefined;
    do {
      const page = await this.#send(`listing "${prefix}"`, () =>
        this.#client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${this.prefix}${prefix}`, ...(token ? { ContinuationToken: token } : {}) }),
        ),
      );
      const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key.slice(this.prefix.length)] : []));
      if (keys.length > 0) yield keys;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** The object key of a store key: checked, then put under the store's prefix. */
  #objectKey(key: string): string {
    assertValidKey(key);
    return `${this.prefix}${key}`;
  }

  /**
   * Runs one SDK call (already retried by the SDK) and translates its
   * failure. With `key`, "no such key" becomes `ArtifactNotFoundError`.
   */
  async #send<T>(action: string, call: () => Promise<T>, key?: string): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (key !== undefined && isNotFound(error)) {
        // A HEAD answers a missing bucket with a bare 404 too: tell the two apart.
        if ((error as { name?: string }).name !== "NoSuchKey") await this.#assertBucketExists(action);
        throw new ArtifactNotFoundError(this.identity, key);
      }
      throw await this.#explain(error, action);
    }
  }

  /** The typed error for a failed call; a bare 403 from a HEAD is asked again with a request whose answer names the cause. */
  async #explain(error: unknown, action: string): Promise<ArtifactStoreError> {
    if (isBareForbidden(error)) {
      try {
        await this.#client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, MaxKeys: 1 }));
      } catch (probeError) {
        return toArtifactStoreError(probeError, this.#context(action));
      }
    }
    return toArtifactStoreError(error, this.#context(action));
  }

  async #assertBucketExists(action: string): Promise<void> {
    try {
      await this.#client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      if (isNotFound(error) || (error as { name?: string }).name === "NoSuchBucket") throw missingBucketError(error, this.#context(action));
      throw await this.#explain(error, action);
    }
  }

  #context(action: string) {
    return { store: this.identity, bucket: this.bucket, action, endpoint: this.#endpoint };
  }
}

/** Exponential backoff with full jitter, 200 ms doubling up to 5 s. */
function backoff(attempt: number): number {
  return Math.random() * Math.min(5_000, 200 * 2 ** (attempt - 1));
}
