import type { ComponentType } from "@koan/contracts";

/*
 * What to tell a user who named something that does not exist. The CLI spells
 * component types in kebab case (`artifact-store`).
 */

export function componentCommand(type: ComponentType): string {
  return `koan ${type.replaceAll("_", "-")}`;
}

export const hints = {
  run: "Run `koan run list` to see recent runs",
  stepRun: "Run `koan run get <run>` to see the step runs of a run",
  pipeline: "Run `koan pipeline list` to see the recorded pipelines; a pipeline appears after its first run",
  pipelineVersion: "Pipeline versions are recorded by savePipelineVersion before a run starts",
  artifact: "Run `koan artifact list` to see recorded artifacts",
  stack: "Run `koan stack list` to see the registered stacks",
  component: (type: ComponentType): string =>
    `Run \`${componentCommand(type)} list\` to see the registered ${componentKind(type)}s, or \`${componentCommand(type)} register\` to add one`,
} as const;

/** How a component type reads in a sentence: `artifact store`. */
export function componentKind(type: ComponentType): string {
  return type.replaceAll("_", " ");
}
