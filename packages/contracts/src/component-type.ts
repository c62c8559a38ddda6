/**
 * The thirteen kinds of stack component. The string values are the wire names
 * used in stored stacks, configs and the CLI (in kebab case there).
 */
export const COMPONENT_TYPES = [
  "orchestrator",
  "artifact_store",
  "container_registry",
  "step_operator",
  "experiment_tracker",
  "alerter",
  "annotator",
  "data_validator",
  "feature_store",
  "model_deployer",
  "model_registry",
  "secrets_manager",
  "visualizer",
] as const;

export type ComponentType = (typeof COMPONENT_TYPES)[number];

/** What every stack component instance carries. */
export interface StackComponent<T extends ComponentType = ComponentType> {
  /** The contract this instance implements. */
  readonly type: T;
  /** The flavor that created it, e.g. `"local"`, `"s3"`. */
  readonly flavor: string;
  /** Releases connections, servers or file handles. Called once when a run's stack is torn down. */
  close?(): Promise<void>;
}
