import { localArtifactStore, localOrchestrator } from "../local/local-flavors.js";
import type { AnyFlavor } from "./flavor.js";
import { FlavorRegistry } from "./flavor-registry.js";

/** The process-wide registry. Core's local flavors are always in it. */
export const flavors = new FlavorRegistry();
flavors.register(localOrchestrator);
flavors.register(localArtifactStore);

/** Makes a flavor known by name to stored stacks and the CLI. */
export function registerFlavor(flavor: AnyFlavor): void {
  flavors.register(flavor);
}
