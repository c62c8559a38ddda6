import { addLocalFlavorModule, findSecretReferences, flavors } from "@koan/core";
import type { AnyFlavor, Repository } from "@koan/core";
import type { ComponentRecord, ComponentType, JsonObject } from "@koan/core/contracts";
import { acceptsOtherKeys, configFields } from "../args/config-schema.js";
import type { ConfigField } from "../args/config-schema.js";
import { configFromPairs, kebabCase, unsetPath } from "../args/config-values.js";
import type { ConfigInput } from "../args/config-values.js";
import { onePositional, parseKeyValues } from "../args/key-values.js";
import { CliError, usageError } from "../cli-error.js";
import { componentCommand } from "../component-types.js";
import { discover, enableTypeScript, isTypeScript } from "../context.js";
import { openProject } from "../project.js";
import { formatValue, withArticle } from "../output/format.js";
import { ui } from "../output/ui.js";
import { formatConfig, validateConfig } from "./shared.js";

const SECRET_LOOKING = /(pass(word)?|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credential)/i;

export async function componentRegister(type: ComponentType, tokens: readonly string[], options: { flavor: string }): Promise<void> {
  const { command, label } = componentCommand(type);
  const args = parseKeyValues(tokens);
  const name = onePositional(args, `the ${label}'s name`, `koan ${command} register NAME --flavor FLAVOR [--key value ...]`);
  const repository = await openProject();
  if (await repository.store.getComponent(type, name)) {
    throw new CliError("ALREADY_EXISTS", `${capitalize(withArticle(label))} named "${name}" already exists. Change it with \`koan ${command} update ${name}\`, or choose another name.`);
  }
  const flavor = await resolveFlavor(repository, type, options.flavor);
  const config = configFromPairs(args.pairs, configInput(flavor));
  validateConfig(flavor, config, describeCommand(flavor));
  warnAboutPlainSecrets(config);
  await repository.store.saveComponent({ name, type, flavor: flavor.name, config: config as JsonObject });
  ui.success(`Registered ${label} "${name}" (flavor ${flavor.name}${Object.keys(config).length ? `; ${formatConfig(config)}` : ""})`);
  ui.note(`Use it in a stack: \`koan stack register NAME --${command} ${name} ...\` or \`koan stack update NAME --${command} ${name}\`.`);
}

export async function componentList(type: ComponentType, options: { json?: boolean }): Promise<void> {
  const repository = await openProject();
  const components = await repository.store.listComponents(type);
  const users = await stacksByComponent(repository, type);
  if (options.json) {
    ui.json(components.map((c) => ({ ...c, stacks: users.get(c.name) ?? [] })));
    return;
  }
  const { command, label } = componentCommand(type);
  ui.table(
    ["NAME", "FLAVOR", "STACKS", "CONFIG"],
    components.map((c) => [c.name, c.flavor, (users.get(c.name) ?? []).join(", ") || "-", formatConfig(c.config)]),
    `No ${label} components. Register one with \`koan ${command} register NAME --flavor FLAVOR\`.`,
  );
}

export async function componentDescribe(type: ComponentType, name: string, options: { json?: boolean }): Promise<void> {
  const repository = await openProject();
  const record = await getRecord(repository, type, name);
  const stacks = (await stacksByComponent(repository, type)).get(name) ?? [];
  const flavor = await resolveFlavor(repository, type, record.flavor).catch(() => undefined);
  const fields = flavor ? (configFields(flavor.configSchema) ?? []) : [];
  const references = findSecretReferences(record.config);
  if (options.json) {
    ui.json({ ...record, stacks, secretReferences: references, flavorInstalled: flavor !== undefined });
    return;
  }
  const { label } = componentCommand(type);
  ui.print(`${label[0]?.toUpperCase()}${label.slice(1)} ${ui.out.bold(record.name)}`);
  ui.print(`  flavor    ${record.flavor}${flavor?.packageName ? ` (${flavor.packageName})` : flavor ? "" : ui.out.yellow(" (not installed: see `koan integration list`)")}`);
  ui.print(`  stacks    ${stacks.join(", ") || "-"}`);
  ui.print(`  created   ${record.createdAt}`);
  ui.print(`  updated   ${record.updatedAt}`);
  const set = Object.entries(record.config);
  const defaults = fields.filter((f) => !(f.key in record.config) && f.hasDefault);
  if (set.length === 0 && defaults.length === 0) {
    ui.print("  config    -");
    return;
  }
  ui.print("  config");
  const rows = [
    ...set.map(([k, v]) => [`    ${k}`, formatValue(v)]),
    ...defaults.map((f) => [`    ${f.key}`, `${formatValue(f.defaultValue)} ${ui.out.dim("(default)")}`]),
  ];
  const width = Math.max(...rows.map((r) => (r[0] as string).length));
  for (const [k, v] of rows) ui.print(`${(k as string).padEnd(width)}  ${v}`);
  if (references.length) ui.print(`  secrets   ${[...new Set(references.map((r) => `{{${r.secret}.${r.key}}}`))].join(", ")} (resolved when a run creates it)`);
}

export async function componentUpdate(type: ComponentType, tokens: readonly string[], options: { unset?: string[] }): Promise<void> {
  const { command, label } = componentCommand(type);
  const args = parseKeyValues(tokens);
  const name = onePositional(args, `the ${label}'s name`, `koan ${command} update NAME [--key value ...] [--unset KEY ...]`);
  const repository = await openProject();
  const record = await getRecord(repository, type, name);
  if (args.pairs.length === 0 && !options.unset?.length) {
    throw usageError(`Nothing to change. Give config keys (--key value) or --unset KEY. See \`koan ${command} flavor describe ${record.flavor}\`.`);
  }
  const flavor = await resolveFlavor(repository, type, record.flavor);
  const input = configInput(flavor);
  const config = configFromPairs(args.pairs, input, record.config);
  for (const key of options.unset ?? []) {
    const [first, ...rest] = key.split(".");
    const field = input.fields?.find((f) => f.key === first || kebabCase(f.key) === first);
    const path = [field?.key ?? (first as string), ...rest];
    if (!unsetPath(config, path)) throw new CliError("INVALID_CONFIG", `The ${label} "${name}" has no config key "${key}" to unset (it has ${Object.keys(record.config).join(", ") || "none"}).`);
  }
  validateConfig(flavor, config, describeCommand(flavor));
  warnAboutPlainSecrets(config);
  await repository.store.updateComponent(type, name, { config: config as JsonObject });
  ui.success(`Updated ${label} "${name}" (${formatConfig(config)})`);
}

export async function componentRename(type: ComponentType, name: string, newName: string): Promise<void> {
  const repository = await openProject();
  await getRecord(repository, type, name);
  await repository.store.updateComponent(type, name, { name: newName });
  const { label } = componentCommand(type);
  ui.success(`Renamed ${label} "${name}" to "${newName}"; the stacks using it follow.`);
}

export async function componentDelete(type: ComponentType, name: string): Promise<void> {
  const repository = await openProject();
  await getRecord(repository, type, name);
  await repository.store.deleteComponent(type, name);
  ui.success(`Deleted ${componentCommand(type).label} "${name}"`);
}

export async function flavorList(type: ComponentType, options: { json?: boolean }): Promise<void> {
  const repository = await openProjectOrNull();
  const report = await discover(repository?.root);
  const list = flavors.list(type);
  if (options.json) {
    ui.json(list.map((f) => ({ type: f.type, name: f.name, description: f.description, package: f.packageName ?? null, remote: f.remote === true })));
    return;
  }
  ui.table(
    ["FLAVOR", "PACKAGE", "DESCRIPTION"],
    list.map((f) => [f.name, f.packageName ?? "-", f.description]),
    `No ${componentCommand(type).label} flavors are installed. See \`koan integration list\`.`,
  );
  for (const pkg of report.packages) for (const problem of pkg.problems) ui.warn(`${pkg.packageName}: ${problem}`);
}

export async function flavorDescribe(type: ComponentType, name: string, options: { json?: boolean }): Promise<void> {
  const repository = await openProjectOrNull();
  await discover(repository?.root);
  const flavor = flavors.resolve(type, name);
  const fields = configFields(flavor.configSchema);
  if (options.json) {
    ui.json({ type: flavor.type, name: flavor.name, description: flavor.description, package: flavor.packageName ?? null, remote: flavor.remote === true, fields: fields ?? null });
    return;
  }
  ui.print(`${ui.out.bold(`${componentCommand(type).command} flavor ${flavor.name}`)}${flavor.packageName ? ` (${flavor.packageName})` : ""}: ${flavor.description}`);
  if (!fields) {
    ui.print("Its config is not an object of keys; it takes any keys.");
    return;
  }
  ui.table(
    ["OPTION", "TYPE", "REQUIRED", "DEFAULT", "DESCRIPTION"],
    fields.map((f) => [`--${kebabCase(f.key)}`, fieldType(f), f.required ? "yes" : "no", f.hasDefault ? formatValue(f.defaultValue) : "-", f.description ?? ""]),
    "It takes no config.",
  );
}

export async function flavorRegister(type: ComponentType, modulePath: string): Promise<void> {
  const repository = await openProject();
  if (isTypeScript(modulePath)) await enableTypeScript();
  const added = await addLocalFlavorModule(repository.root, modulePath, { type });
  const { command } = componentCommand(type);
  ui.success(`Registered ${added.map((f) => `${command} flavor "${f.name}"`).join(", ")} from ${modulePath}`);
  ui.note(`Every koan command and run of this project loads it now. Use it: \`koan ${command} register NAME --flavor ${added[0]?.name}\`.`);
}

async function openProjectOrNull(): Promise<Repository | undefined> {
  try {
    return await openProject();
  } catch (error) {
    if ((error as { code?: unknown }).code === "NO_REPOSITORY") return undefined;
    throw error;
  }
}

async function resolveFlavor(repository: Repository, type: ComponentType, name: string): Promise<AnyFlavor> {
  if (!flavors.has(type, name)) await discover(repository.root);
  if (!flavors.has(type, name)) {
    const known = flavors.list(type).map((f) => f.name);
    const { command, label } = componentCommand(type);
    throw new CliError(
      "UNKNOWN_FLAVOR",
      `Unknown ${label} flavor "${name}". Installed: ${known.join(", ") || "none"}. ` +
        `Install the integration that provides it (\`koan integration list\`), or register your own with \`koan ${command} flavor register MODULE\`.`,
    );
  }
  return flavors.resolve(type, name);
}

function configInput(flavor: AnyFlavor): ConfigInput {
  return {
    flavorId: `${flavor.type}/${flavor.name}`,
    fields: configFields(flavor.configSchema),
    acceptsOtherKeys: acceptsOtherKeys(flavor.configSchema),
    describeCommand: describeCommand(flavor),
  };
}

function describeCommand(flavor: AnyFlavor): string {
  return `koan ${componentCommand(flavor.type).command} flavor describe ${flavor.name}`;
}

function fieldType(field: ConfigField): string {
  return field.options ? field.options.join("|") : field.kind === "unknown" ? "any" : field.kind;
}

function warnAboutPlainSecrets(config: Readonly<Record<string, unknown>>): void {
  for (const [key, value] of Object.entries(config)) {
    if (typeof value === "string" && SECRET_LOOKING.test(key) && findSecretReferences(value).length === 0) {
      ui.warn(
        `"${key}" looks like a credential and is stored in plain text. Keep it in a secret instead: ` +
          `\`koan secret create NAME --${key}=...\`, then --${kebabCase(key)} '{{NAME.${key}}}'.`,
      );
    }
  }
}

async function getRecord(repository: Repository, type: ComponentType, name: string): Promise<ComponentRecord> {
  const record = await repository.store.getComponent(type, name);
  if (!record) {
    const { command, label } = componentCommand(type);
    throw new CliError("NOT_FOUND", `No ${label} "${name}". Run \`koan ${command} list\` to see them.`);
  }
  return record;
}

async function stacksByComponent(repository: Repository, type: ComponentType): Promise<Map<string, string[]>> {
  const users = new Map<string, string[]>();
  for (const stack of await repository.store.listStacks()) {
    const component = stack.components[type];
    if (component) users.set(component, [...(users.get(component) ?? []), stack.name]);
  }
  return users;
}

function capitalize(text: string): string {
  return `${text[0]?.toUpperCase() ?? ""}${text.slice(1)}`;
}
