import type { StackComponent } from "./component-type.js";

/** Facts about one stored object. */
export interface ObjectStat {
  readonly key: string;
  readonly size: number;
  readonly modifiedAt: Date | null;
}

/** Bytes to store: a whole buffer, or a stream of chunks (written without buffering the whole). */
export type ObjectBody = Uint8Array | AsyncIterable<Uint8Array>;

/**
 * Where artifact bytes live. Object-store shaped: flat keys with `/`
 * separators, relative to the store's root. Keys never start with `/`, never
 * contain `..` or empty segments; implementations refuse such keys with
 * `InvalidArtifactKeyError`.
 *
 * A `put` is atomic: readers see the old object, no object, or the whole new
 * one, never a part. A missing key raises `ArtifactNotFoundError`.
 */
export interface ArtifactStore extends StackComponent<"artifact_store"> {
  readonly specVersion: 1;
  /**
   * Names the storage location exactly (e.g. `local:/home/me/.koan/artifacts`,
   * `s3://bucket/prefix`). Part of every cache key: a cached output is only
   * reused from the same store.
   */
  readonly identity: string;
  /** True when processes on other machines can read what this store holds. */
  readonly isRemote: boolean;
  /** The full URI of a key, for people to read. */
  uriFor(key: string): string;
  put(key: string, body: ObjectBody): Promise<ObjectStat>;
  get(key: string): Promise<Uint8Array>;
  getStream(key: string): AsyncIterable<Uint8Array>;
  exists(key: string): Promise<boolean>;
  stat(key: string): Promise<ObjectStat>;
  /** Every key that starts with `prefix`, in no particular order. */
  list(prefix: string): AsyncIterable<string>;
  /** Removes one object; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Removes every object under `prefix`; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
}
