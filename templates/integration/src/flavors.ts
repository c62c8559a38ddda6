// The module the CLI loads to discover this package's flavors (the "koan"
// field of package.json points at its build). It imports only the flavor
// definitions: implementations and their SDKs load when a component is created.
import type { AnyFlavor } from "@koan/core";
import { templateAlerter } from "./alerter/flavor.js";
import { templateAnnotator } from "./annotator/flavor.js";
import { templateArtifactStore } from "./artifact-store/flavor.js";
import { templateContainerRegistry } from "./container-registry/flavor.js";
import { templateDataValidator } from "./data-validator/flavor.js";
import { templateExperimentTracker } from "./experiment-tracker/flavor.js";
import { templateFeatureStore } from "./feature-store/flavor.js";
import { templateModelDeployer } from "./model-deployer/flavor.js";
import { templateModelRegistry } from "./model-registry/flavor.js";
import { templateOrchestrator } from "./orchestrator/flavor.js";
import { templateSecretsManager } from "./secrets-manager/flavor.js";
import { templateStepOperator } from "./step-operator/flavor.js";
import { templateVisualizer } from "./visualizer/flavor.js";

export {
  templateAlerter,
  templateAnnotator,
  templateArtifactStore,
  templateContainerRegistry,
  templateDataValidator,
  templateExperimentTracker,
  templateFeatureStore,
  templateModelDeployer,
  templateModelRegistry,
  templateOrchestrator,
  templateSecretsManager,
  templateStepOperator,
  templateVisualizer,
};

/** Every flavor this package provides. */
export const flavors: readonly AnyFlavor[] = [
  templateAlerter,
  templateAnnotator,
  templateArtifactStore,
  templateContainerRegistry,
  templateDataValidator,
  templateExperimentTracker,
  templateFeatureStore,
  templateModelDeployer,
  templateModelRegistry,
  templateOrchestrator,
  templateSecretsManager,
  templateStepOperator,
  templateVisualizer,
];

export default flavors;
