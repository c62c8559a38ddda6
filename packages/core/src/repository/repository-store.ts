import type { MetadataStore } from "@koan/contracts";
import { openRepository } from "./repository.js";

/** The repository's metadata store as components see it: shared, so not theirs to close. */
export type SharedMetadataStore = Omit<MetadataStore, "close">;

/**
 * The metadata store of the repository at `repositoryRoot` (a flavor's
 * `create` gets it as `FlavorContext.repositoryRoot`), for components that
 * keep state another process must find: a model deployer records its
 * services with `putComponentState`, and `koan model-deployer` in a later
 * process lists and stops them.
 *
 * The store is the one the process's runs and clients use (opened once per
 * root, closed by `closeRepositories()`), hence no `close`.
 */
export async function repositoryMetadataStore(repositoryRoot: string): Promise<SharedMetadataStore> {
  return (await openRepository({ root: repositoryRoot })).store;
}
