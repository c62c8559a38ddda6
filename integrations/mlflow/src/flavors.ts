// The module the CLI loads to discover this package's flavors (the "koan"
// field of package.json points at its build). It imports only the flavor
// definitions: the implementations and the client load when a component is created.
import type { AnyFlavor } from "@koan/core";
import { mlflowExperimentTracker } from "./experiment-tracker/flavor.js";
import { mlflowModelDeployer } from "./model-deployer/flavor.js";
import { mlflowModelRegistry } from "./model-registry/flavor.js";

export { mlflowExperimentTracker, mlflowModelDeployer, mlflowModelRegistry };

/** Every flavor this package provides. */
export const flavors: readonly AnyFlavor[] = [mlflowExperimentTracker, mlflowModelRegistry, mlflowModelDeployer];

export default flavors;
