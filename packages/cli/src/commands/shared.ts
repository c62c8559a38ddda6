import { findSecretReferences, flavors, stackProblems } from "@koan/core";
import type { AnyFlavor, ComponentSpec, Repository, Stack } from "@koan/core";
import type { ComponentRecord, ComponentType } from "@koan/core/contracts";
import { CliError } from "../cli-error.js";
import { componentCommand, COMPONENT_COMMANDS } from "../component-types.js";
import { discover } from "../context.js";
import { formatValue, humanType } from "../output/format.js";

/** A component record as a spec of its flavor; loads integrations when the flavor is not known yet. */
export async function componentSpec(repository: Repository, record: ComponentRecord): Promise<ComponentSpec> {
  if (!flavors.has(record.type, record.flavor)) await discover(repository.root);
  const flavorDefinition = flavors.resolve(record.type, record.flavor);
  return { type: record.type, flavor: record.flavor, name: record.name, config: record.config, flavorDefinition };
}

/** The component records a set of names points at; a missing one is a not-found error naming its type. */
export async function componentRecords(
  repository: Repository,
  components: Partial<Record<ComponentType, string>>,
): Promise<Partial<Record<ComponentType, ComponentRecord>>> {
  const records: Partial<Record<ComponentType, ComponentRecord>> = {};
  for (const [type, name] of Object.entries(components) as [ComponentType, string][]) {
    const record = await repository.store.getComponent(type, name);
    if (!record) {
      const { command, label } = componentCommand(type);
      throw new CliError("NOT_FOUND", `No ${label} "${name}". Register it with \`koan ${command} register ${name} --flavor ...\`, or see \`koan ${command} list\`.`);
    }
    records[type] = record;
  }
  return records;
}

/** A stack made of named components, checked against the stack rules and every flavor's own. */
export async function checkedStack(repository: Repository, name: string, components: Partial<Record<ComponentType, string>>): Promise<Stack> {
  const records = await componentRecords(repository, components);
  const specs: Partial<Record<ComponentType, ComponentSpec>> = {};
  for (const [type, record] of Object.entries(records) as [ComponentType, ComponentRecord][]) specs[type] = await componentSpec(repository, record);
  const stack: Stack = { name, components: specs };
  const problems = stackProblems(stack);
  if (problems.length > 0) {
    throw new CliError("INVALID_STACK", `Stack "${name}" is not valid: ${problems.join("; ")}.`);
  }
  return stack;
}

/** A config on one line: `path=.koan/artifacts, concurrency=4`; `-` when empty. */
export function formatConfig(config: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(config);
  return entries.length === 0 ? "-" : entries.map(([k, v]) => `${k}=${formatValue(v)}`).join(", ");
}

/**
 * Validates a config with the flavor's schema, except at fields that hold a
 * secret reference: those are checked once resolved, when a run creates the
 * component. The error names the failing field and where to see the fields.
 */
export function validateConfig(flavor: AnyFlavor, config: Readonly<Record<string, unknown>>, describeCommand: string): void {
  const referencePaths = findSecretReferences(config).map((r) => r.path);
  try {
    flavor.parseConfig(config);
  } catch (error) {
    const issues = (error as { issues?: unknown }).issues;
    if (!Array.isArray(issues)) throw error;
    const remaining = (issues as { path: string; message: string }[]).filter(
      (i) => !referencePaths.some((p) => i.path === p || i.path.startsWith(`${p}.`) || i.path.startsWith(`${p}[`)),
    );
    if (remaining.length === 0) return;
    const [first] = remaining;
    const more = remaining.length > 1 ? ` (and ${remaining.length - 1} more: ${remaining.slice(1).map((i) => i.path || "(root)").join(", ")})` : "";
    throw new CliError(
      "INVALID_CONFIG",
      `Invalid config for flavor ${flavor.type}/${flavor.name} at ${first?.path || "(root)"}: ${first?.message}${more}. See \`${describeCommand}\`.`,
    );
  }
}

export { humanType };
