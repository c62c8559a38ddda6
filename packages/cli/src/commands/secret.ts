import { findSecretReferences } from "@koan/core";
import type { Repository } from "@koan/core";
import { onePositional, parseKeyValues } from "../args/key-values.js";
import { usageError } from "../cli-error.js";
import { componentCommand } from "../component-types.js";
import { openProjectSecrets } from "../context.js";
import { openProject } from "../project.js";
import { formatTime } from "../output/format.js";
import { ui } from "../output/ui.js";
import { collectSecretValues } from "./secret-values.js";

/*
 * `koan secret ...`. Values are read, stored and, with `get --show`,
 * printed; every other message names secrets and keys only.
 */

const HIDDEN = "********";

export async function secretCreate(tokens: readonly string[], options: { schema: string; fromFile?: string; stdin?: boolean }): Promise<void> {
  const args = parseKeyValues(tokens, { sensitive: true });
  const name = onePositional(args, "the secret's name", "koan secret create NAME [--schema S] --KEY=VALUE ...", { sensitive: true });
  const values = await collectSecretValues(args, options);
  if (Object.keys(values).length === 0) {
    throw usageError("No values given. Add --KEY=VALUE options, --from-file FILE or --stdin.");
  }
  const repository = await openProject();
  const { manager, description } = await openProjectSecrets(repository);
  const summary = await manager.create({ name, schema: options.schema, values });
  ui.success(`Created secret "${summary.name}" (schema ${summary.schema}; keys ${summary.keys.join(", ")}) in ${description}`);
  ui.note(`Refer to it in component configs as {{${summary.name}.${summary.keys[0]}}}.`);
}

export async function secretList(options: { json?: boolean }): Promise<void> {
  const repository = await openProject();
  const { manager } = await openProjectSecrets(repository);
  const secrets = await manager.list();
  if (options.json) {
    ui.json(secrets);
    return;
  }
  ui.table(
    ["SECRET", "SCHEMA", "KEYS", "UPDATED"],
    secrets.map((s) => [s.name, s.schema, s.keys.join(", "), formatTime(s.updatedAt)]),
    "No secrets. Create one with `koan secret create NAME --KEY=VALUE`.",
  );
}

export async function secretGet(name: string, options: { show?: boolean; json?: boolean }): Promise<void> {
  const repository = await openProject();
  const { manager } = await openProjectSecrets(repository);
  if (options.show) {
    const secret = await manager.get(name);
    if (options.json) {
      ui.json(secret);
      return;
    }
    printSecret(secret.name, secret.schema, secret.updatedAt, Object.entries(secret.values));
    return;
  }
  // Without --show the values are not even decrypted.
  const summary = (await manager.list()).find((s) => s.name === name);
  if (!summary) await manager.get(name); // raises the store's own not-found error
  if (!summary) return;
  if (options.json) {
    ui.json(summary);
    return;
  }
  printSecret(summary.name, summary.schema, summary.updatedAt, summary.keys.map((k) => [k, HIDDEN]));
  ui.note("Values are hidden; add --show to print them.");
}

function printSecret(name: string, schema: string, updatedAt: Date, entries: [string, string][]): void {
  ui.print(`Secret ${ui.out.bold(name)} (schema ${schema}, updated ${formatTime(updatedAt)})`);
  ui.table(["KEY", "VALUE"], entries, "No keys.");
}

export async function secretUpdate(
  tokens: readonly string[],
  options: { fromFile?: string; stdin?: boolean; replace?: boolean; remove?: string[] },
): Promise<void> {
  const args = parseKeyValues(tokens, { sensitive: true });
  const name = onePositional(args, "the secret's name", "koan secret update NAME --KEY=VALUE ... [--remove KEY ...]", { sensitive: true });
  const values = await collectSecretValues(args, options);
  const remove = options.remove ?? [];
  if (Object.keys(values).length === 0 && remove.length === 0) {
    throw usageError("Nothing to change. Add --KEY=VALUE options, --from-file FILE, --stdin or --remove KEY.");
  }
  const repository = await openProject();
  const { manager } = await openProjectSecrets(repository);
  let summary;
  if (remove.length > 0) {
    const current = await manager.get(name);
    const next: Record<string, string> = options.replace ? { ...values } : { ...current.values, ...values };
    for (const key of remove) {
      if (!(key in current.values)) throw usageError(`Secret "${name}" has no key "${key}" to remove (it has ${Object.keys(current.values).join(", ")}).`);
      delete next[key];
    }
    summary = await manager.update(name, next, { replace: true });
  } else {
    summary = await manager.update(name, values, { replace: options.replace === true });
  }
  ui.success(`Updated secret "${summary.name}" (keys ${summary.keys.join(", ")})`);
  await warnAboutReferences(repository, name, summary.keys);
}

export async function secretDelete(name: string): Promise<void> {
  const repository = await openProject();
  const { manager } = await openProjectSecrets(repository);
  await manager.delete(name);
  ui.success(`Deleted secret "${name}"`);
  await warnAboutReferences(repository, name, []);
}

/** Components whose configs refer to keys of this secret that are gone. */
async function warnAboutReferences(repository: Repository, secret: string, keys: readonly string[]): Promise<void> {
  const broken: string[] = [];
  for (const component of await repository.store.listComponents()) {
    for (const ref of findSecretReferences(component.config)) {
      if (ref.secret === secret && !keys.includes(ref.key)) broken.push(`${componentCommand(component.type).label} "${component.name}" ({{${ref.secret}.${ref.key}}})`);
    }
  }
  if (broken.length) ui.warn(`these components refer to what is gone, and runs using them will fail: ${[...new Set(broken)].join(", ")}.`);
}
