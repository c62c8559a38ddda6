import type { ComponentType } from "@koan/core/contracts";

/** How each component type is written on the command line (kebab case) and in prose. */
export interface ComponentCommand {
  readonly type: ComponentType;
  /** The command and the stack option: `artifact-store`. */
  readonly command: string;
  /** For prose: `artifact store`. */
  readonly label: string;
  /** An example flavor and config for help texts. */
  readonly example: string;
}

const COMMANDS = {
  orchestrator: { command: "orchestrator", label: "orchestrator", example: "local --concurrency 8" },
  artifact_store: { command: "artifact-store", label: "artifact store", example: "local --path ./artifacts" },
  container_registry: { command: "container-registry", label: "container registry", example: "default --uri localhost:5000" },
  step_operator: { command: "step-operator", label: "step operator", example: "kubernetes --namespace ml" },
  experiment_tracker: { command: "experiment-tracker", label: "experiment tracker", example: "mlflow --tracking-uri http://localhost:5000" },
  alerter: { command: "alerter", label: "alerter", example: "slack --token '{{slack.token}}' --channel ml-alerts" },
  annotator: { command: "annotator", label: "annotator", example: "label-studio --url http://localhost:8080" },
  data_validator: { command: "data-validator", label: "data validator", example: "great-expectations" },
  feature_store: { command: "feature-store", label: "feature store", example: "feast --repo ./features" },
  model_deployer: { command: "model-deployer", label: "model deployer", example: "mlflow" },
  model_registry: { command: "model-registry", label: "model registry", example: "mlflow --tracking-uri http://localhost:5000" },
  secrets_manager: { command: "secrets-manager", label: "secrets manager", example: "local --path .koan/team-secrets.json" },
  visualizer: { command: "visualizer", label: "visualizer", example: "dag" },
} as const satisfies Record<ComponentType, Omit<ComponentCommand, "type">>;

/** The thirteen component types, in the glossary's order (the model registry beside the deployer). */
export const COMPONENT_COMMANDS: readonly ComponentCommand[] = (Object.entries(COMMANDS) as [ComponentType, Omit<ComponentCommand, "type">][]).map(
  ([type, rest]) => ({ type, ...rest }),
);

export function componentCommand(type: ComponentType): ComponentCommand {
  return COMPONENT_COMMANDS.find((c) => c.type === type) as ComponentCommand;
}

/** A type from its kebab, snake or spaced spelling; undefined if none matches. */
export function parseComponentType(text: string): ComponentType | undefined {
  const wanted = text.trim().toLowerCase().replace(/[\s-]+/g, "_");
  return COMPONENT_COMMANDS.find((c) => c.type === wanted)?.type;
}
