import type { Alerter } from "./alerter.js";
import type { Annotator } from "./annotator.js";
import type { ArtifactStore } from "./artifact-store.js";
import type { ContainerRegistry } from "./container-registry.js";
import type { DataValidator } from "./data-validator.js";
import type { ExperimentTracker } from "./experiment-tracker.js";
import type { FeatureStore } from "./feature-store.js";
import type { ModelDeployer } from "./model-deployer.js";
import type { ModelRegistry } from "./model-registry.js";
import type { Orchestrator } from "./orchestrator.js";
import type { SecretsManager } from "./secrets-manager.js";
import type { StepOperator } from "./step-operator.js";
import type { Visualizer } from "./visualizer.js";

/** The contract for each component type. */
export interface ComponentByType {
  orchestrator: Orchestrator;
  artifact_store: ArtifactStore;
  container_registry: ContainerRegistry;
  step_operator: StepOperator;
  experiment_tracker: ExperimentTracker;
  alerter: Alerter;
  annotator: Annotator;
  data_validator: DataValidator;
  feature_store: FeatureStore;
  model_deployer: ModelDeployer;
  model_registry: ModelRegistry;
  secrets_manager: SecretsManager;
  visualizer: Visualizer;
}

/**
 * The live components of an active stack, as a step sees them in
 * `ctx.stack`. Orchestrator and artifact store are always there.
 */
export interface StackComponents {
  readonly orchestrator: Orchestrator;
  readonly artifactStore: ArtifactStore;
  readonly containerRegistry?: ContainerRegistry;
  readonly stepOperator?: StepOperator;
  readonly experimentTracker?: ExperimentTracker;
  readonly alerter?: Alerter;
  readonly annotator?: Annotator;
  readonly dataValidator?: DataValidator;
  readonly featureStore?: FeatureStore;
  readonly modelDeployer?: ModelDeployer;
  readonly modelRegistry?: ModelRegistry;
  readonly secretsManager?: SecretsManager;
  readonly visualizer?: Visualizer;
}

/** The camelCase slot of each component type in a stack. */
export const STACK_SLOTS = {
  orchestrator: "orchestrator",
  artifact_store: "artifactStore",
  container_registry: "containerRegistry",
  step_operator: "stepOperator",
  experiment_tracker: "experimentTracker",
  alerter: "alerter",
  annotator: "annotator",
  data_validator: "dataValidator",
  feature_store: "featureStore",
  model_deployer: "modelDeployer",
  model_registry: "modelRegistry",
  secrets_manager: "secretsManager",
  visualizer: "visualizer",
} as const satisfies Record<keyof ComponentByType, keyof StackComponents>;

export type StackSlot = (typeof STACK_SLOTS)[keyof typeof STACK_SLOTS];
