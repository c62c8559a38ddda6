import { readFile, writeFile } from "node:fs/promises";
import { checkStackSecrets, findSecretReferences, flavors, loadStack, setActiveStack, z } from "@koan/core";
import type { Repository } from "@koan/core";
import type { ComponentRecord, ComponentType, JsonObject } from "@koan/core/contracts";
import { CliError, usageError } from "../cli-error.js";
import { componentCommand, COMPONENT_COMMANDS, orderedComponents, parseComponentType } from "../component-types.js";
import { discover } from "../context.js";
import { openProject } from "../project.js";
import { formatTime } from "../output/format.js";
import { ui } from "../output/ui.js";
import { loadYaml } from "../yaml.js";
import { checkedStack, componentRecords, formatConfig, validateConfig } from "./shared.js";

const DEFAULT_STACK = "default";

/** `--orchestrator x --artifact-store y ...` as type -> name. */
function componentOptions(options: Record<string, unknown>): Partial<Record<ComponentType, string>> {
  const components: Partial<Record<ComponentType, string>> = {};
  for (const { type, command } of COMPONENT_COMMANDS) {
    const value = options[command.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
    if (typeof value === "string") components[type] = value;
  }
  return components;
}

export async function stackRegister(name: string, options: Record<string, unknown>): Promise<void> {
  const repository = await openProject();
  const components = componentOptions(options);
  if (await repository.store.getStack(name)) {
    throw new CliError("ALREADY_EXISTS", `A stack named "${name}" already exists. Change it with \`koan stack update ${name}\`, or choose another name.`);
  }
  const missing = [];
  if (!components.orchestrator) missing.push("--orchestrator (-o)");
  if (!components.artifact_store) missing.push("--artifact-store (-a)");
  if (missing.length) {
    throw new CliError("INVALID_STACK", `A stack needs an orchestrator and an artifact store: add ${missing.join(" and ")}, e.g. -o default -a default.`);
  }
  await checkedStack(repository, name, components);
  await repository.store.saveStack({ name, components });
  ui.success(`Registered stack "${name}" (${describeComponents(components)})`);
  if (options.set) await activate(repository, name);
  else ui.note(`Make it the active stack with \`koan stack set ${name}\`.`);
}

export async function stackDescribe(name: string | undefined, options: { json?: boolean }): Promise<void> {
  const repository = await openProject();
  const stackName = name ?? repository.config.activeStack;
  const record = await repository.store.getStack(stackName);
  if (!record) throw notFound(stackName);
  const records = await componentRecords(repository, record.components);
  const active = stackName === repository.config.activeStack;
  if (options.json) {
    ui.json({
      name: record.name,
      active,
      components: Object.fromEntries(
        orderedComponents(record).map(([type]) => {
          const c = records[type] as ComponentRecord;
          return [type, { name: c.name, flavor: c.flavor, config: c.config }];
        }),
      ),
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    });
    return;
  }
  ui.print(`Stack ${ui.out.bold(record.name)}${active ? ui.out.green(" (active)") : ""}`);
  ui.table(
    ["TYPE", "COMPONENT", "FLAVOR", "CONFIG"],
    orderedComponents(record).map(([type]) => {
      const c = records[type] as ComponentRecord;
      return [componentCommand(type).command, c.name, c.flavor, formatConfig(c.config)];
    }),
    "No components.",
  );
}

export async function stackSet(name: string): Promise<void> {
  const repository = await openProject();
  if (!(await repository.store.getStack(name))) throw notFound(name);
  await activate(repository, name);
}

/** Checks flavors, stack rules and secret references, then makes the stack active. */
async function activate(repository: Repository, name: string): Promise<void> {
  const record = await repository.store.getStack(name);
  if (!record) throw notFound(name);
  const stack = await checkedStack(repository, name, record.components);
  const problems = await checkStackSecrets(stack, repository.root);
  if (problems.length > 0) {
    throw new CliError(
      "SECRET_REFERENCE",
      `Stack "${name}" refers to secrets that cannot be resolved: ${problems.join("; ")}. ` +
        "Create them with `koan secret create NAME --KEY=VALUE`, or fix the component configs; the active stack stays " +
        `"${repository.config.activeStack}".`,
    );
  }
  const already = repository.config.activeStack === name;
  await setActiveStack(repository, name);
  ui.success(already ? `Stack "${name}" is already active; it checks out.` : `Active stack: ${name}`);
}

export async function stackUpdate(name: string, options: Record<string, unknown>): Promise<void> {
  const repository = await openProject();
  const record = await repository.store.getStack(name);
  if (!record) throw notFound(name);
  const set = componentOptions(options);
  const removeTypes: ComponentType[] = [];
  for (const text of (options.remove as string[] | undefined) ?? []) {
    const type = parseComponentType(text);
    if (!type) throw usageError(`--remove takes component types (${COMPONENT_COMMANDS.map((c) => c.command).join(", ")}); "${text}" is none.`);
    if (type === "orchestrator" || type === "artifact_store") {
      throw new CliError("INVALID_STACK", `A stack needs its ${componentCommand(type).label}: replace it with --${componentCommand(type).command} NAME instead of removing it.`);
    }
    if (set[type]) throw usageError(`--${componentCommand(type).command} and --remove ${text} contradict each other.`);
    removeTypes.push(type);
  }
  if (Object.keys(set).length === 0 && removeTypes.length === 0) {
    throw usageError(`Nothing to change. Give components (e.g. --alerter slack) or --remove TYPE. See \`koan stack update --help\`.`);
  }
  const next: Partial<Record<ComponentType, string>> = { ...record.components, ...set };
  for (const type of removeTypes) delete next[type];
  await checkedStack(repository, name, next);
  const change: Partial<Record<ComponentType, string | null>> = { ...set };
  for (const type of removeTypes) change[type] = null;
  await repository.store.updateStack(name, { components: change });
  ui.success(`Updated stack "${name}" (${describeComponents(next)})`);
  if (repository.config.activeStack === name) await warnAboutSecrets(repository, name);
}

export async function stackRename(name: string, newName: string): Promise<void> {
  const repository = await openProject();
  if (name === DEFAULT_STACK) {
    throw new CliError("DEFAULT_STACK", `The default stack cannot be renamed: Koan recreates it when it is missing. Register a new stack instead.`);
  }
  if (!(await repository.store.getStack(name))) throw notFound(name);
  await repository.store.updateStack(name, { name: newName });
  if (repository.config.activeStack === name) await setActiveStack(repository, newName);
  ui.success(`Renamed stack "${name}" to "${newName}"${repository.config.activeStack === name ? " (still the active stack)" : ""}`);
}

export async function stackDelete(name: string): Promise<void> {
  const repository = await openProject();
  if (!(await repository.store.getStack(name))) throw notFound(name);
  if (repository.config.activeStack === name) {
    throw new CliError("ACTIVE_STACK", `Stack "${name}" is the active stack and cannot be deleted. Switch first: \`koan stack set default\`.`);
  }
  if (name === DEFAULT_STACK) {
    throw new CliError("DEFAULT_STACK", `The default stack cannot be deleted: Koan recreates it when it is missing.`);
  }
  await repository.store.deleteStack(name);
  ui.success(`Deleted stack "${name}"; its components are still registered.`);
}

/** The YAML shape of an exported stack. Component types are the wire names (`artifact_store`). */
const exportedStack = z.object({
  koan: z.literal("stack/v1"),
  name: z.string().min(1),
  components: z.record(
    z.string(),
    z.object({ name: z.string().min(1), flavor: z.string().min(1), config: z.record(z.string(), z.unknown()).default({}) }),
  ),
});

export async function stackExport(name: string, file: string | undefined): Promise<void> {
  const repository = await openProject();
  const record = await repository.store.getStack(name);
  if (!record) throw notFound(name);
  const records = await componentRecords(repository, record.components);
  const document = {
    koan: "stack/v1",
    name: record.name,
    components: Object.fromEntries(
      orderedComponents(record).map(([type]) => {
        const c = records[type] as ComponentRecord;
        return [type, { name: c.name, flavor: c.flavor, config: c.config }];
      }),
    ),
  };
  const { stringify } = await loadYaml();
  const text =
    `# Koan stack "${record.name}", from \`koan stack export\`. Register it elsewhere with \`koan stack import FILE\`.\n` +
    "# Secret references ({{name.key}}) are exported as references; create those secrets where you import it.\n" +
    stringify(document);
  if (!file) {
    ui.write(text);
    return;
  }
  await writeFile(file, text);
  ui.success(`Exported stack "${name}" with ${Object.keys(records).length} components to ${file}`);
}

export async function stackImport(file: string, options: { name?: string; set?: boolean }): Promise<void> {
  const repository = await openProject();
  const text = file === "-" ? await readStdin() : await readFile(file, "utf8").catch(() => {
    throw new CliError("NOT_FOUND", `No file ${file}. Give the YAML file \`koan stack export\` wrote.`);
  });
  const { parse } = await loadYaml();
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new CliError("INVALID_INPUT", `${file} is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = exportedStack.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError("INVALID_INPUT", `${file} is not a stack export: ${issue?.path.join(".") || "(root)"}: ${issue?.message}. Make it with \`koan stack export\`.`);
  }
  const document = parsed.data;
  const name = options.name ?? document.name;
  if (await repository.store.getStack(name)) {
    throw new CliError("ALREADY_EXISTS", `A stack named "${name}" already exists. Import it under another name: --name NEW_NAME.`);
  }

  // Check everything first, so a bad file registers nothing.
  await discover(repository.root);
  const toCreate: { type: ComponentType; name: string; flavor: string; config: JsonObject }[] = [];
  const components: Partial<Record<ComponentType, string>> = {};
  for (const [typeText, component] of Object.entries(document.components)) {
    const type = parseComponentType(typeText);
    if (!type) throw new CliError("INVALID_INPUT", `${file}: "${typeText}" is not a component type.`);
    components[type] = component.name;
    const existing = await repository.store.getComponent(type, component.name);
    if (existing) {
      if (existing.flavor !== component.flavor || JSON.stringify(sortKeys(existing.config)) !== JSON.stringify(sortKeys(component.config))) {
        throw new CliError(
          "ALREADY_EXISTS",
          `A different ${componentCommand(type).label} named "${component.name}" is registered (${existing.flavor}). ` +
            "Rename the component in the file, or delete or rename the registered one.",
        );
      }
      continue;
    }
    if (!flavors.has(type, component.flavor)) {
      throw new CliError(
        "UNKNOWN_FLAVOR",
        `${file}: the ${componentCommand(type).label} "${component.name}" uses the flavor "${component.flavor}", which no installed integration provides. ` +
          "See `koan integration list` and install it.",
      );
    }
    validateConfig(flavors.resolve(type, component.flavor), component.config, `koan ${componentCommand(type).command} flavor describe ${component.flavor}`);
    toCreate.push({ type, name: component.name, flavor: component.flavor, config: component.config as JsonObject });
  }
  for (const component of toCreate) await repository.store.saveComponent(component);
  try {
    await checkedStack(repository, name, components);
  } catch (error) {
    for (const component of toCreate) await repository.store.deleteComponent(component.type, component.name).catch(() => undefined);
    throw error;
  }
  await repository.store.saveStack({ name, components });
  ui.success(
    `Imported stack "${name}" (${describeComponents(components)})` +
      (toCreate.length ? `; registered ${toCreate.map((c) => `${componentCommand(c.type).label} "${c.name}"`).join(", ")}` : ""),
  );
  const references = toCreate.flatMap((c) => findSecretReferences(c.config).map((r) => `{{${r.secret}.${r.key}}}`));
  if (references.length) ui.note(`Its components refer to secrets: ${[...new Set(references)].join(", ")}. Create them before using the stack.`);
  if (options.set) await activate(repository, name);
}

async function warnAboutSecrets(repository: Repository, name: string): Promise<void> {
  const stack = await loadStack(repository.store, name, { root: repository.root });
  const problems = await checkStackSecrets(stack, repository.root);
  if (problems.length) ui.warn(`the active stack now refers to secrets that cannot be resolved: ${problems.join("; ")}. Runs will fail until they exist.`);
}

function describeComponents(components: Partial<Record<ComponentType, string>>): string {
  return orderedComponents({ components })
    .map(([type, name]) => `${componentCommand(type).label} ${name}`)
    .join(", ");
}

function notFound(name: string): CliError {
  return new CliError("NOT_FOUND", `No stack "${name}". Run \`koan stack list\` to see the stacks.`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
