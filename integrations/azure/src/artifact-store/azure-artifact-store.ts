import { randomBytes } from "node:crypto";
import { AnonymousCredential, BlobServiceClient, StorageRetryPolicyType, StorageSharedKeyCredential } from "@azure/storage-blob";
import type { BlockBlobClient, ContainerClient, StoragePipelineOptions } from "@azure/storage-blob";
import { assertValidKey, deleteInBatches, existsByStat, joinHead, readHead, resumeBody } from "@koan/core";
import type { ArtifactStore, ObjectBody, ObjectStat } from "@koan/core/contracts";
import type { AzureCredentials } from "./azure-credentials.js";
import { statusOf, translateAzureError } from "./azure-errors.js";
import type { AzureLocation } from "./azure-path.js";

/** Bodies up to this size go up as one Put Blob; larger ones as blocks of about this size. */
export const BLOCK_SIZE = 4 * 1024 * 1024;
/** Blocks staged at once: with BLOCK_SIZE, what an upload holds in memory. */
const UPLOAD_CONCURRENCY = 4;
/** How many deletes `deletePrefix` keeps in flight. */
const DELETE_CONCURRENCY = 16;
/** Blobs per listing page (the service's most). */
const PAGE_SIZE = 5000;
const CONTENT_TYPE = "application/octet-stream";

export interface AzureArtifactStoreOptions {
  readonly location: AzureLocation;
  readonly credentials: AzureCredentials;
  readonly maxRetries?: number;
}

/**
 * Artifacts as block blobs in an Azure Blob Storage container, under a
 * folder. Small bodies go up as one Put Blob; larger ones stream as blocks
 * that stay invisible until the block list is committed, so readers never see
 * part of a blob and a failed upload leaves nothing (uncommitted blocks are
 * dropped by the service). Downloads stream and resume after a broken
 * connection; every request is retried on transient failures with
 * exponential backoff.
 */
export class AzureArtifactStore implements ArtifactStore {
  readonly specVersion = 1 as const;
  readonly type = "artifact_store" as const;
  readonly flavor = "azure";
  readonly isRemote = true;
  /** The container's URL and folder, without any query (a SAS token never shows). */
  readonly identity: string;
  readonly location: AzureLocation;
  readonly #container: ContainerClient;
  readonly #maxRetries: number;
  /** Set once the container was seen to exist, so a 404 on a key means the key. */
  #containerSeen = false;

  private constructor(options: AzureArtifactStoreOptions, container: ContainerClient) {
    this.location = options.location;
    this.#container = container;
    this.#maxRetries = options.maxRetries ?? 5;
    const url = new URL(container.url);
    this.identity = `${url.origin}${url.pathname.replace(/\/$/, "")}${this.location.prefix ? `/${this.location.prefix.slice(0, -1)}` : ""}`;
  }

  /** A store on that container and folder; makes no request. */
  static connect(options: AzureArtifactStoreOptions): AzureArtifactStore {
    const pipeline: StoragePipelineOptions = {
      retryOptions: {
        retryPolicyType: StorageRetryPolicyType.EXPONENTIAL,
        maxTries: (options.maxRetries ?? 5) + 1,
        retryDelayInMs: 500,
        maxRetryDelayInMs: 16_000,
      },
    };
    const service = serviceClient(options.credentials, pipeline);
    return new AzureArtifactStore(options, service.getContainerClient(options.location.container));
  }

  uriFor(key: string): string {
    const name = this.#name(key, { prefix: true });
    const url = new URL(this.#container.url);
    return `${url.origin}${url.pathname.replace(/\/$/, "")}/${name.split("/").map(encodeURIComponent).join("/")}`;
  }

  async put(key: string, body: ObjectBody): Promise<ObjectStat> {
    const blob = this.#container.getBlockBlobClient(this.#name(key));
    // A body that fails while its head is read fails here, before any request.
    const head = await readHead(body, BLOCK_SIZE);
    try {
      if (!head.rest) {
        const data = joinHead(head);
        const response = await blob.upload(data, data.byteLength, { blobHTTPHeaders: { blobContentType: CONTENT_TYPE } });
        return { key, size: data.byteLength, modifiedAt: response.lastModified ?? null };
      }
      return await this.#blockUpload(key, blob, resumeBody(head));
    } catch (error) {
      throw translateAzureError(error, this.identity, this.location.container);
    }
  }

  /**
   * Stages the body as blocks, a few at a time, then commits the list. Until
   * the commit the blob (old or missing) is unchanged; a failure commits nothing.
   */
  async #blockUpload(key: string, blob: BlockBlobClient, body: AsyncIterable<Uint8Array>): Promise<ObjectStat> {
    // Block ids are unique to this upload (and of one length, as the service requires).
    const upload = randomBytes(12).toString("hex");
    const ids: string[] = [];
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    let size = 0;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;

    const stage = async (chunks: Uint8Array[], bytes: number) => {
      const id = Buffer.from(`${upload}-${String(ids.length).padStart(6, "0")}`).toString("base64");
      ids.push(id);
      const data = Buffer.concat(chunks, bytes);
      const staged = blob.stageBlock(id, data, data.byteLength).then(
        () => undefined,
        (error: unknown) => {
          failure ??= { error };
        },
      );
      inFlight.add(staged);
      void staged.finally(() => inFlight.delete(staged));
      // Bounded memory: wait for a slot before reading more of the body.
      if (inFlight.size >= UPLOAD_CONCURRENCY) await Promise.race(inFlight);
      if (failure) throw failure.error;
    };

    try {
      for await (const chunk of body) {
        pending.push(chunk);
        pendingBytes += chunk.byteLength;
        size += chunk.byteLength;
        if (pendingBytes >= BLOCK_SIZE) {
          const chunks = pending;
          const bytes = pendingBytes;
          pending = [];
          pendingBytes = 0;
          await stage(chunks, bytes);
        }
      }
      if (pendingBytes > 0) await stage(pending, pendingBytes);
    } finally {
      // Never leave a stage request running behind a failed upload.
      await Promise.all(inFlight);
    }
    if (failure) throw failure.error;
    const response = await blob.commitBlockList(ids, { blobHTTPHeaders: { blobContentType: CONTENT_TYPE } });
    return { key, size, modifiedAt: response.lastModified ?? null };
  }

  async get(key: string): Promise<Uint8Array> {
    const parts: Buffer[] = [];
    for await (const chunk of this.getStream(key)) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }

  async *getStream(key: string): AsyncIterable<Uint8Array> {
    const blob = this.#container.getBlobClient(this.#name(key));
    try {
      // maxRetryRequests: a connection that breaks mid-download resumes where it stopped, from the same blob version.
      const response = await blob.download(0, undefined, { maxRetryRequests: this.#maxRetries });
      const stream = response.readableStreamBody;
      if (!stream) return;
      for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
    } catch (error) {
      throw translateAzureError(error, this.identity, this.location.container, key);
    }
  }

  async exists(key: string): Promise<boolean> {
    return existsByStat(key, (k) => this.stat(k));
  }

  async stat(key: string): Promise<ObjectStat> {
    const blob = this.#container.getBlobClient(this.#name(key));
    try {
      const properties = await blob.getProperties();
      return { key, size: properties.contentLength ?? 0, modifiedAt: properties.lastModified ?? null };
    } catch (error) {
      // A HEAD answer has no body, so a missing container shows only as a 404: ask the container, once.
      if (statusOf(error) === 404 && !this.#containerSeen) {
        if (!(await this.#containerExists())) throw translateAzureError(error, this.identity, this.location.container);
        this.#containerSeen = true;
      }
      throw translateAzureError(error, this.identity, this.location.container, key);
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    const full = this.#name(prefix, { prefix: true });
    const pages = this.#container.listBlobsFlat(full ? { prefix: full } : {}).byPage({ maxPageSize: PAGE_SIZE });
    try {
      for await (const page of pages) {
        for (const item of page.segment.blobItems) yield item.name.slice(this.location.prefix.length);
      }
    } catch (error) {
      throw translateAzureError(error, this.identity, this.location.container);
    }
  }

  async delete(key: string): Promise<void> {
    await this.#deleteBlob(this.#name(key));
  }

  async deletePrefix(prefix: string): Promise<number> {
    this.#name(prefix, { prefix: true });
    return deleteInBatches(this.list(prefix), (key) => this.#deleteBlob(this.location.prefix + key), DELETE_CONCURRENCY);
  }

  /** Deletes one blob; false when there was none. */
  async #deleteBlob(name: string): Promise<boolean> {
    try {
      const response = await this.#container.getBlobClient(name).deleteIfExists();
      return response.succeeded;
    } catch (error) {
      throw translateAzureError(error, this.identity, this.location.container);
    }
  }

  async #containerExists(): Promise<boolean> {
    try {
      return await this.#container.exists();
    } catch {
      return true;
    }
  }

  /** The blob name of a key (or a listing prefix) under the store's folder. */
  #name(key: string, options: { prefix?: boolean } = {}): string {
    assertValidKey(key, options);
    return this.location.prefix + key;
  }
}

function serviceClient(credentials: AzureCredentials, options: StoragePipelineOptions): BlobServiceClient {
  switch (credentials.kind) {
    case "connection-string":
      return BlobServiceClient.fromConnectionString(credentials.connectionString, options);
    case "account-key":
      return new BlobServiceClient(credentials.endpoint, new StorageSharedKeyCredential(credentials.accountName, credentials.accountKey), options);
    case "sas-token": {
      const url = new URL(credentials.endpoint);
      url.search = credentials.sasToken.replace(/^\?/, "");
      return new BlobServiceClient(url.toString(), new AnonymousCredential(), options);
    }
  }
}
