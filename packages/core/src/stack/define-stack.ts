import { STACK_SLOTS, StackValidationError } from "@koan/contracts";
import type { ComponentType } from "@koan/contracts";
import type { AnyFlavor, ComponentSpec } from "../registry/flavor.js";

/** The components of a stack, by slot; each slot takes only its own type. */
export interface StackDefinition {
  readonly orchestrator: ComponentSpec<"orchestrator">;
  readonly artifactStore: ComponentSpec<"artifact_store">;
  readonly containerRegistry?: ComponentSpec<"container_registry">;
  readonly stepOperator?: ComponentSpec<"step_operator">;
  readonly experimentTracker?: ComponentSpec<"experiment_tracker">;
  readonly alerter?: ComponentSpec<"alerter">;
  readonly annotator?: ComponentSpec<"annotator">;
  readonly dataValidator?: ComponentSpec<"data_validator">;
  readonly featureStore?: ComponentSpec<"feature_store">;
  readonly modelDeployer?: ComponentSpec<"model_deployer">;
  readonly modelRegistry?: ComponentSpec<"model_registry">;
  readonly secretsManager?: ComponentSpec<"secrets_manager">;
  readonly visualizer?: ComponentSpec<"visualizer">;
}

/** A named, validated set of components. Nothing is created until a run needs it. */
export interface Stack {
  readonly name: string;
  /** Components by type. */
  readonly components: Readonly<Partial<Record<ComponentType, ComponentSpec>>>;
}

/**
 * Composes a stack in code. Throws `StackValidationError` listing every
 * problem: a missing orchestrator or artifact store, a component in the wrong
 * slot (possible from JavaScript), or a flavor's own rule.
 */
export function defineStack(name: string, definition: StackDefinition): Stack {
  const components: Partial<Record<ComponentType, ComponentSpec>> = {};
  const problems: string[] = [];
  for (const [type, slot] of Object.entries(STACK_SLOTS) as [ComponentType, keyof StackDefinition][]) {
    const spec = definition[slot];
    if (spec === undefined) continue;
    if (spec.type !== type) {
      problems.push(`"${slot}" holds a component of type ${spec.type} (flavor ${spec.flavor}); it takes type ${type}`);
      continue;
    }
    components[type] = spec;
  }
  const stack: Stack = { name, components };
  problems.push(...stackProblems(stack));
  if (problems.length > 0) throw new StackValidationError(name, problems);
  return stack;
}

/** The rules every stack must meet, plus each flavor's own. */
export function stackProblems(stack: Stack): string[] {
  const problems: string[] = [];
  if (!stack.components.orchestrator) problems.push("an orchestrator is required");
  if (!stack.components.artifact_store) problems.push("an artifact store is required");
  const flavors: Partial<Record<ComponentType, AnyFlavor>> = {};
  for (const [type, spec] of Object.entries(stack.components) as [ComponentType, ComponentSpec][]) {
    flavors[type] = spec.flavorDefinition;
  }
  for (const flavor of Object.values(flavors)) {
    problems.push(...(flavor.stackRules?.({ name: stack.name, flavors }) ?? []));
  }
  return problems;
}
