import type { JsonObject, ObjectBody, Visualization } from "@koan/contracts";

/** Where a materializer writes an artifact's files. The engine hashes and counts every byte. */
export interface ArtifactWriter {
  /** Writes one file of the artifact; `file` is a plain name like `data.json`. */
  write(file: string, body: ObjectBody): Promise<void>;
}

/** Where a materializer reads an artifact back. */
export interface ArtifactReader {
  read(file: string): Promise<Uint8Array>;
  stream(file: string): AsyncIterable<Uint8Array>;
  /** The facts `save` returned when the artifact was written. */
  readonly metadata: JsonObject;
}

/**
 * Turns values of some type into stored files and back. The `id` is stored
 * with every artifact, so loading never guesses; change the id when the
 * stored format changes in a way old readers cannot follow.
 */
export interface Materializer<T = unknown> {
  readonly id: string;
  /** Runtime check used to choose a materializer for a step output. */
  canHandle(value: unknown): value is T;
  /** A short type name for people, e.g. `Float64Array`. */
  dataType(value: T): string;
  /** Writes the value; returns type-specific facts (length, shape, dtype) stored as artifact metadata. */
  save(value: T, writer: ArtifactWriter): Promise<JsonObject>;
  load(reader: ArtifactReader): Promise<T>;
  /** Optional renderings (a table as CSV, a summary as markdown). */
  visualize?(value: T, metadata: JsonObject): Visualization[];
}
