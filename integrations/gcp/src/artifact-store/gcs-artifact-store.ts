import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { IdempotencyStrategy, RETRYABLE_ERR_FN_DEFAULT, Storage } from "@google-cloud/storage";
import type { ApiError, Bucket, File } from "@google-cloud/storage";
import { assertValidKey, deleteInBatches, existsByStat, joinHead, readHead, resumeBody } from "@koan/core";
import type { ArtifactStore, ObjectBody, ObjectStat } from "@koan/core/contracts";
import { statusOf, translateGcsError } from "./gcs-errors.js";
import { formatGcsLocation } from "./gcs-path.js";
import type { GcsLocation } from "./gcs-path.js";

/** Bodies up to this size go up in one request; larger ones as a resumable upload. */
export const SINGLE_REQUEST_LIMIT = 8 * 1024 * 1024;
/** How many deletes `deletePrefix` keeps in flight. */
const DELETE_CONCURRENCY = 16;
/** Objects per listing page (the API's most). */
const PAGE_SIZE = 1000;

export interface GcsArtifactStoreOptions {
  readonly location: GcsLocation;
  /** A parsed service account key; without it, application default credentials. */
  readonly credentials?: Record<string, unknown>;
  readonly projectId?: string;
  /** An emulator's endpoint, e.g. `http://127.0.0.1:4443`; the client then sends no credentials. */
  readonly endpoint?: string;
  readonly maxRetries?: number;
}

/** Connection failures worth another try besides the client's own list (5xx, 408, 429, resets). */
function isRetryable(error: ApiError): boolean {
  const code = (error as { code?: unknown }).code;
  return RETRYABLE_ERR_FN_DEFAULT(error) || code === "ECONNREFUSED" || code === "ETIMEDOUT";
}

/**
 * Artifacts as objects in a Cloud Storage bucket, under a folder. Objects
 * appear only once an upload is finalized, so readers never see part of one;
 * small bodies go up in one request, larger ones stream as a resumable upload
 * that is cancelled when the body fails. Downloads stream (and are checked
 * against the object's checksum by the client). Every request is retried on
 * transient failures with exponential backoff.
 */
export class GcsArtifactStore implements ArtifactStore {
  readonly specVersion = 1 as const;
  readonly type = "artifact_store" as const;
  readonly flavor = "gcs";
  readonly isRemote = true;
  readonly identity: string;
  readonly location: GcsLocation;
  readonly #bucket: Bucket;
  /** Set once the bucket was seen to exist, so a 404 on a key means the key. */
  #bucketSeen = false;

  /**
   * The same bucket through a client that does not retry, for streamed
   * uploads only. A streamed upload sends its body once; when a request of it
   * fails midway the bytes already sent are gone, so it cannot be retried
   * (the client's own retry then ends in an unhandled RangeError that crashes
   * the process). Failing at once with a typed error is the honest answer;
   * the caller may run the step again.
   */
  readonly #uploadBucket: Bucket;

  private constructor(options: GcsArtifactStoreOptions, bucket: Bucket, uploadBucket: Bucket) {
    this.location = options.location;
    this.#bucket = bucket;
    this.#uploadBucket = uploadBucket;
    // The endpoint is part of the identity: the same bucket name on an emulator is another place.
    this.identity = formatGcsLocation(this.location) + (options.endpoint ? ` at ${options.endpoint}` : "");
  }

  /** A store on that bucket and folder; makes no request. */
  static connect(options: GcsArtifactStoreOptions): GcsArtifactStore {
    const client = (maxRetries: number) =>
      new Storage({
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.projectId ? { projectId: options.projectId } : {}),
        ...(options.endpoint ? { apiEndpoint: options.endpoint } : {}),
        retryOptions: {
          autoRetry: maxRetries > 0,
          maxRetries,
          retryDelayMultiplier: 2,
          maxRetryDelay: 16,
          totalTimeout: 300,
          // Every call here may be repeated safely: a put writes the same bytes, a delete of a deleted object is a no-op.
          idempotencyStrategy: IdempotencyStrategy.RetryAlways,
          retryableErrorFn: isRetryable,
        },
      });
    const bucket = options.location.bucket;
    return new GcsArtifactStore(options, client(options.maxRetries ?? 5).bucket(bucket), client(0).bucket(bucket));
  }

  uriFor(key: string): string {
    return `gs://${this.location.bucket}/${this.#name(key, { prefix: true })}`;
  }

  async put(key: string, body: ObjectBody): Promise<ObjectStat> {
    const file = this.#bucket.file(this.#name(key));
    // A body that fails while its head is read fails here, before any request.
    const head = await readHead(body, SINGLE_REQUEST_LIMIT);
    try {
      if (!head.rest) {
        await file.save(joinHead(head), { resumable: false, contentType: "application/octet-stream" });
        return { key, size: head.size, modifiedAt: dateOf(file.metadata.updated) };
      }
      const streamed = this.#uploadBucket.file(file.name);
      return { key, size: await this.#resumableUpload(streamed, resumeBody(head)), modifiedAt: dateOf(streamed.metadata.updated) };
    } catch (error) {
      throw translateGcsError(error, this.identity, this.location.bucket);
    }
  }

  /** Streams a body as one resumable upload session; cancels the session if anything fails, so no object appears. */
  async #resumableUpload(file: File, body: AsyncIterable<Uint8Array>): Promise<number> {
    let size = 0;
    const counted = (async function* () {
      for await (const chunk of body) {
        size += chunk.byteLength;
        yield chunk;
      }
    })();
    const sink = file.createWriteStream({ resumable: true, contentType: "application/octet-stream" });
    let sessionUri: string | undefined;
    sink.on("uri", (uri: string) => (sessionUri = uri));
    try {
      await pipeline(Readable.from(counted, { objectMode: false }), sink);
    } catch (error) {
      if (sessionUri) await cancelUpload(sessionUri);
      throw error;
    }
    return size;
  }

  async get(key: string): Promise<Uint8Array> {
    const file = this.#bucket.file(this.#name(key));
    try {
      const [contents] = await file.download();
      return contents;
    } catch (error) {
      throw await this.#translateKeyError(error, key);
    }
  }

  async *getStream(key: string): AsyncIterable<Uint8Array> {
    const file = this.#bucket.file(this.#name(key));
    try {
      for await (const chunk of file.createReadStream() as AsyncIterable<Buffer>) yield chunk;
    } catch (error) {
      throw await this.#translateKeyError(error, key);
    }
  }

  async exists(key: string): Promise<boolean> {
    return existsByStat(key, (k) => this.stat(k));
  }

  async stat(key: string): Promise<ObjectStat> {
    const file = this.#bucket.file(this.#name(key));
    try {
      const [metadata] = await file.getMetadata();
      return { key, size: Number(metadata.size ?? 0), modifiedAt: dateOf(metadata.updated) };
    } catch (error) {
      throw await this.#translateKeyError(error, key);
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    const full = this.#name(prefix, { prefix: true });
    let pageToken: string | undefined;
    do {
      let files: File[];
      let next: { pageToken?: string } | null | undefined;
      try {
        [files, next] = await this.#bucket.getFiles({ prefix: full, autoPaginate: false, maxResults: PAGE_SIZE, ...(pageToken ? { pageToken } : {}) });
      } catch (error) {
        throw translateGcsError(error, this.identity, this.location.bucket);
      }
      for (const file of files) yield file.name.slice(this.location.prefix.length);
      pageToken = next?.pageToken;
    } while (pageToken);
  }

  async delete(key: string): Promise<void> {
    await this.#deleteObject(this.#name(key));
  }

  async deletePrefix(prefix: string): Promise<number> {
    this.#name(prefix, { prefix: true });
    return deleteInBatches(this.list(prefix), (key) => this.#deleteObject(this.location.prefix + key), DELETE_CONCURRENCY);
  }

  /** Deletes one object; false when there was none. */
  async #deleteObject(name: string): Promise<boolean> {
    try {
      await this.#bucket.file(name).delete();
      return true;
    } catch (error) {
      if (statusOf(error) === 404 && !/bucket/i.test((error as Error).message)) return false;
      throw translateGcsError(error, this.identity, this.location.bucket);
    }
  }

  /**
   * Translates an error of a call on one key. Not every server says whether a
   * 404 is about the object or the bucket (fake-gcs-server answers "Not
   * Found" for both), so the first 404 asks whether the bucket exists.
   */
  async #translateKeyError(error: unknown, key: string): Promise<unknown> {
    if (statusOf(error) === 404 && !this.#bucketSeen) {
      const exists = await this.#bucket.exists().then(([found]) => found, () => true);
      if (!exists) return translateGcsError(error, this.identity, this.location.bucket);
      this.#bucketSeen = true;
    }
    return translateGcsError(error, this.identity, this.location.bucket, key);
  }

  /** The object name of a key (or a listing prefix) under the store's folder. */
  #name(key: string, options: { prefix?: boolean } = {}): string {
    assertValidKey(key, options);
    return this.location.prefix + key;
  }
}

/**
 * Ends a resumable upload session that will not be finished, so the service
 * drops what it received. The session URI is its own credential. Best effort:
 * an unfinished session holds no object either way and expires within a week.
 */
async function cancelUpload(sessionUri: string): Promise<void> {
  try {
    await fetch(sessionUri, { method: "DELETE", headers: { "Content-Length": "0" }, signal: AbortSignal.timeout(10_000) });
  } catch {
    // Nothing more to do: the session is abandoned and expires.
  }
}

function dateOf(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
