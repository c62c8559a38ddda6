import type { ComponentByType, ComponentType, SecretsManager, SecretSummary } from "@koan/contracts";
import type { ComponentSpec } from "../registry/flavor.js";
import type { Stack } from "../stack/define-stack.js";
import { SecretReferenceError } from "./errors.js";
import { repositorySecretsManager } from "./local-secrets-flavor.js";
import { findSecretReferences, redactError, resolveSecretReferences } from "./secret-references.js";
import type { SecretReference } from "./secret-references.js";

/** A stack's configs with their secret references replaced, ready to create components from. */
export interface ResolvedStackSecrets {
  /** Resolved configs of the components that had references. */
  readonly configs: Partial<Record<ComponentType, unknown>>;
  /** The stack's secrets manager, when it had to be created to resolve the others; reuse it. */
  readonly secretsManager?: ComponentByType["secrets_manager"];
  /** Every value substituted: errors raised while creating components are scrubbed of them. */
  readonly values: readonly string[];
}

/**
 * Resolves the `{{name.key}}` references of every component of a stack.
 * They resolve against the stack's own secrets manager when it has one (whose
 * own references resolve against the repository's local store), else against
 * the repository's local store. Every missing secret or key is collected into
 * one `SecretReferenceError` before any value is read. Returns `undefined`
 * when nothing refers to a secret, so such stacks need no secrets key.
 */
export async function resolveStackSecrets(stack: Stack, repositoryRoot: string): Promise<ResolvedStackSecrets | undefined> {
  const entries = Object.entries(stack.components) as [ComponentType, ComponentSpec][];
  const referencing = entries.filter(([, spec]) => findSecretReferences(spec.config).length > 0);
  if (referencing.length === 0) return undefined;

  const local = repositorySecretsManager(repositoryRoot);
  const configs: Partial<Record<ComponentType, unknown>> = {};
  const values: string[] = [];
  let manager: SecretsManager = local;
  let created: ComponentByType["secrets_manager"] | undefined;

  const managerSpec = stack.components.secrets_manager;
  if (managerSpec && referencing.some(([type]) => type !== "secrets_manager")) {
    if (findSecretReferences(managerSpec.config).length > 0) {
      await assertResolvable(`Stack "${stack.name}"`, local, [["secrets_manager", managerSpec]]);
      const resolved = await resolveSecretReferences(managerSpec.config, (s, k) => local.getValue(s, k));
      configs.secrets_manager = resolved.config;
      values.push(...resolved.values);
    }
    try {
      created = (await managerSpec.flavorDefinition.createComponent(configs.secrets_manager ?? managerSpec.config, {
        componentName: managerSpec.name,
        repositoryRoot,
      })) as ComponentByType["secrets_manager"];
    } catch (error) {
      throw redactError(error, values);
    }
    manager = created;
  }

  const others = referencing.filter(([type]) => !(type === "secrets_manager" && managerSpec && created));
  try {
    const problems = [
      ...(await referenceProblems(local, others.filter(([type]) => type === "secrets_manager"))),
      ...(await referenceProblems(manager, others.filter(([type]) => type !== "secrets_manager"))),
    ];
    if (problems.length) throw new SecretReferenceError(`Stack "${stack.name}"`, problems);
    for (const [type, spec] of others) {
      const source = type === "secrets_manager" ? local : manager;
      const resolved = await resolveSecretReferences(spec.config, (s, k) => source.getValue(s, k));
      configs[type] = resolved.config;
      values.push(...resolved.values);
    }
  } catch (error) {
    await created?.close?.();
    throw error;
  }
  return { configs, values, ...(created ? { secretsManager: created } : {}) };
}

/**
 * Problems with a stack's secret references (missing secrets or keys, a key
 * that cannot decrypt them), without creating its other components. Empty
 * when every reference resolves. What `koan stack set` checks.
 */
export async function checkStackSecrets(stack: Stack, repositoryRoot: string): Promise<string[]> {
  try {
    const resolved = await resolveStackSecrets(stack, repositoryRoot);
    await resolved?.secretsManager?.close?.();
    return [];
  } catch (error) {
    if (error instanceof SecretReferenceError) return [...error.problems];
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SECRETS")) return [(error as Error).message];
    throw error;
  }
}

/**
 * The secrets manager `koan secret` commands work on: the given stack
 * component when there is one (its own references resolved against the local
 * store), else the repository's local encrypted store.
 */
export async function openSecretsManager(options: {
  readonly repositoryRoot: string;
  readonly component?: ComponentSpec;
}): Promise<{ readonly manager: SecretsManager; readonly description: string; close(): Promise<void> }> {
  const { repositoryRoot, component } = options;
  if (!component) {
    const manager = repositorySecretsManager(repositoryRoot);
    return { manager, description: `the local secrets store (${manager.path})`, close: async () => {} };
  }
  const local = repositorySecretsManager(repositoryRoot);
  await assertResolvable(`Secrets manager "${component.name}"`, local, [["secrets_manager", component]]);
  const resolved = await resolveSecretReferences(component.config, (s, k) => local.getValue(s, k));
  let manager: SecretsManager;
  try {
    manager = (await component.flavorDefinition.createComponent(resolved.config, {
      componentName: component.name,
      repositoryRoot,
    })) as SecretsManager;
  } catch (error) {
    throw redactError(error, resolved.values);
  }
  return {
    manager,
    description: `secrets manager "${component.name}" (${component.flavor})`,
    close: async () => {
      await manager.close?.();
    },
  };
}

async function assertResolvable(subject: string, manager: SecretsManager, components: readonly [ComponentType, ComponentSpec][]): Promise<void> {
  const problems = await referenceProblems(manager, components);
  if (problems.length) throw new SecretReferenceError(subject, problems);
}

async function referenceProblems(manager: SecretsManager, components: readonly [ComponentType, ComponentSpec][]): Promise<string[]> {
  if (components.length === 0) return [];
  const summaries = new Map<string, SecretSummary>((await manager.list()).map((s) => [s.name, s]));
  const problems: string[] = [];
  for (const [type, spec] of components) {
    for (const ref of findSecretReferences(spec.config)) {
      const problem = referenceProblem(ref, summaries.get(ref.secret));
      if (problem) problems.push(`${type.replaceAll("_", " ")} "${spec.name}" (${ref.path || "config"}) refers to {{${ref.secret}.${ref.key}}}, but ${problem}`);
    }
  }
  return problems;
}

function referenceProblem(ref: SecretReference, summary: SecretSummary | undefined): string | undefined {
  if (!summary) return `there is no secret "${ref.secret}"`;
  if (!summary.keys.includes(ref.key)) return `secret "${ref.secret}" has no key "${ref.key}" (it has ${summary.keys.join(", ") || "no keys"})`;
  return undefined;
}
