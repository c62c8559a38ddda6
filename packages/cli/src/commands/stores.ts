import { activateStack, flavors, storeForIdentity } from "@koan/core";
import type { Client, ComponentSpec } from "@koan/core";
import type { ArtifactStore, JsonObject, RunRecord } from "@koan/core/contracts";
import { CliError } from "../cli-error.js";
import { onCleanup } from "../cleanup.js";
import { discover } from "../context.js";

/**
 * The artifact store a run wrote to, made from the run's stack snapshot (so
 * logs and artifacts of runs on other stacks stay readable), else the active
 * stack's when it is the same store.
 */
export async function artifactStoreOfRun(client: Client, run: RunRecord): Promise<ArtifactStore> {
  const snapshot = (run.stack as JsonObject).artifact_store as { name?: string; flavor?: string; config?: Record<string, unknown> } | undefined;
  if (snapshot?.flavor) {
    try {
      if (!flavors.has("artifact_store", snapshot.flavor)) await discover(client.repository.root);
      const spec: ComponentSpec = {
        type: "artifact_store",
        flavor: snapshot.flavor,
        name: snapshot.name ?? snapshot.flavor,
        config: snapshot.config ?? {},
        flavorDefinition: flavors.resolve("artifact_store", snapshot.flavor),
      };
      const active = await activateStack({ name: run.stackName, components: { artifact_store: spec } }, client.repository.root);
      onCleanup(active.close);
      return active.components.artifactStore;
    } catch {
      // Fall back to the active stack's store below.
    }
  }
  if (client.context.artifactStore) return client.context.artifactStore;
  throw new CliError("STORE_UNAVAILABLE", `The artifact store of run ${run.name} (stack "${run.stackName}") cannot be opened here.`);
}

/** The store that holds an artifact, by the identity recorded with it. */
export async function artifactStoreByIdentity(client: Client, identity: string, producerRun: RunRecord | undefined): Promise<ArtifactStore> {
  try {
    // Core's lookup first: the active stack's store, or a local folder by its path.
    return await storeForIdentity(client.context, identity);
  } catch {
    // Not one core can open by identity alone; the producing run's snapshot may tell.
  }
  if (producerRun) {
    const store = await artifactStoreOfRun(client, producerRun);
    if (store.identity === identity) return store;
  }
  throw new CliError(
    "STORE_UNAVAILABLE",
    `The artifact is in the store ${identity}, which cannot be opened from here. Activate a stack that uses it (\`koan stack set\`).`,
  );
}
