import { STACK_SLOTS } from "@koan/contracts";
import type { ComponentType, JsonObject, JsonValue, StackComponents } from "@koan/contracts";
import type { ComponentSpec } from "../registry/flavor.js";
import { redactError } from "../secrets/secret-references.js";
import { resolveStackSecrets } from "../secrets/stack-secrets.js";
import type { Stack } from "./define-stack.js";

/** A stack whose components exist, ready for a run. */
export interface ActiveStack {
  readonly name: string;
  readonly components: StackComponents;
  /** What was run on, for the run record: type -> { name, flavor, config }. */
  readonly snapshot: JsonObject;
  close(): Promise<void>;
}

/**
 * Creates every component of a stack; if one fails, those made so far are
 * closed. Secret references (`{{name.key}}`) in configs are resolved here,
 * at creation, and nowhere else: the stack and the run snapshot keep them
 * unresolved, and errors raised while creating are scrubbed of the values.
 */
export async function activateStack(stack: Stack, repositoryRoot: string): Promise<ActiveStack> {
  const created: Partial<Record<string, { close?(): Promise<void> }>> = {};
  const close = async () => {
    await Promise.allSettled(Object.values(created).map((c) => c?.close?.()));
  };
  const secrets = await resolveStackSecrets(stack, repositoryRoot);
  if (secrets?.secretsManager) created[STACK_SLOTS.secrets_manager] = secrets.secretsManager;
  const entries = (Object.entries(stack.components) as [ComponentType, ComponentSpec][]).filter(
    ([type]) => !(type === "secrets_manager" && secrets?.secretsManager),
  );
  // Wait for every create to settle, not just the first failure: a component
  // still being created when another fails must be closed too, not leaked.
  const results = await Promise.allSettled(
    entries.map(async ([type, spec]) => {
      created[STACK_SLOTS[type]] = await spec.flavorDefinition.createComponent(secrets?.configs[type] ?? spec.config, {
        componentName: spec.name,
        repositoryRoot,
      });
    }),
  );
  const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failed) {
    await close();
    throw redactError(failed.reason, secrets?.values ?? []);
  }
  const snapshot: JsonObject = {};
  for (const [type, spec] of Object.entries(stack.components) as [ComponentType, ComponentSpec][]) {
    snapshot[type] = { name: spec.name, flavor: spec.flavor, config: toJson(spec.config) };
  }
  return { name: stack.name, components: created as unknown as StackComponents, snapshot, close };
}

function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}
