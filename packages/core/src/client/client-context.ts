import { KoanError } from "@koan/contracts";
import type { ArtifactStore, MetadataStore } from "@koan/contracts";
import { LocalArtifactStore } from "../local/local-artifact-store.js";

/** What views need to read records and bytes. */
export interface ClientContext {
  readonly store: MetadataStore;
  readonly repositoryRoot: string;
  /** The artifact store of the active stack, if one is open. */
  readonly artifactStore?: ArtifactStore;
}

/** The artifact store that holds an artifact, found by the identity recorded with it. */
export async function storeForIdentity(context: ClientContext, identity: string): Promise<ArtifactStore> {
  if (context.artifactStore?.identity === identity) return context.artifactStore;
  if (identity.startsWith("local:")) return new LocalArtifactStore(identity.slice("local:".length));
  throw new KoanError(
    "STORE_UNAVAILABLE",
    `The artifact is in store ${identity}, which is not the active stack's artifact store. Activate a stack that uses it (koan stack set).`,
  );
}
