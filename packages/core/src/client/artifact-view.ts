import type { ArtifactLineage, ArtifactRecord, ArtifactStore, Visualization } from "@koan/contracts";
import { artifactReader } from "../engine/materialize.js";
import { materializers } from "../materializers/materializer-registry.js";
import type { ClientContext } from "./client-context.js";
import { storeForIdentity } from "./client-context.js";

/** An artifact as the client sees it: its record, and its value on demand. */
export class ArtifactView {
  constructor(
    readonly record: ArtifactRecord,
    readonly context: ClientContext,
  ) {}

  get id(): string {
    return this.record.id;
  }

  get uri(): string {
    return this.record.uri;
  }

  /** Reads the value with the materializer that wrote it. The type is the caller's claim. */
  async load<T = unknown>(): Promise<T> {
    const store = await this.#store();
    const materializer = materializers.get(this.record.materializer);
    return (await materializer.load(artifactReader(store, this.record.key, this.record.metadata))) as T;
  }

  /** The materializer's renderings of the value (tables, text, images). */
  async visualize(): Promise<Visualization[]> {
    const materializer = materializers.get(this.record.materializer);
    if (!materializer.visualize) return [];
    return materializer.visualize(await this.load(), this.record.metadata);
  }

  /** Which step run produced it and which read it. */
  async lineage(): Promise<ArtifactLineage | undefined> {
    return this.context.store.getArtifactLineage(this.record.id);
  }

  #store(): Promise<ArtifactStore> {
    return storeForIdentity(this.context, this.record.storeIdentity);
  }
}
