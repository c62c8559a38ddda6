// The module the CLI loads to discover this package's flavors (the "koan"
// field of package.json points at its build). It imports only the flavor
// definition: the implementation and its SDK load when a component is created.
import type { AnyFlavor } from "@koan/core";
import { gcsArtifactStore } from "./artifact-store/flavor.js";

export { gcsArtifactStore };

/** Every flavor this package provides. */
export const flavors: readonly AnyFlavor[] = [gcsArtifactStore];

export default flavors;
