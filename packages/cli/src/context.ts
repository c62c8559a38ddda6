import { extname } from "node:path";
import {
  Client,
  discoverFlavors,
  findRepositoryRoot,
  flavors,
  listLocalFlavorModules,
  loadStack,
  openSecretsManager,
} from "@koan/core";
import type { DiscoveryReport, Repository } from "@koan/core";
import type { SecretsManager } from "@koan/core/contracts";
import { onCleanup } from "./cleanup.js";
import { openProject } from "./project.js";
import { ui } from "./output/ui.js";

const TYPESCRIPT = new Set([".ts", ".mts", ".cts", ".tsx"]);
let typescriptLoader: Promise<void> | undefined;

/** Lets this process import TypeScript modules (custom flavor modules written in .ts). */
export function enableTypeScript(): Promise<void> {
  typescriptLoader ??= import("tsx/esm/api").then(({ register }) => {
    register();
  });
  return typescriptLoader;
}

export function isTypeScript(path: string): boolean {
  return TYPESCRIPT.has(extname(path));
}

/**
 * Loads installed integrations and the project's flavor modules into the
 * registry, once. Problems loading one are warnings: other commands go on.
 */
export async function discover(root?: string): Promise<DiscoveryReport> {
  const where = root ?? findRepositoryRoot() ?? process.cwd();
  if ((await listLocalFlavorModules(where).catch(() => [])).some(isTypeScript)) await enableTypeScript();
  return ui.progress("Loading integrations", () => discoverFlavors({ root: where }));
}

/**
 * The reading client. Integrations are loaded first only when the active
 * stack's artifact store needs one (the client opens it to read artifacts).
 */
export async function openClient(): Promise<Client> {
  const repository = await openProject();
  const stack = await repository.store.getStack(repository.config.activeStack);
  const storeName = stack?.components.artifact_store;
  const store = storeName ? await repository.store.getComponent("artifact_store", storeName) : undefined;
  if (store && !flavors.has("artifact_store", store.flavor)) await discover(repository.root);
  return Client.open({ root: repository.root });
}

/**
 * The secrets manager `koan secret` works on: the active stack's secrets
 * manager component when it has one, else the local encrypted store.
 */
export async function openProjectSecrets(repository: Repository): Promise<{ manager: SecretsManager; description: string }> {
  const record = await repository.store.getStack(repository.config.activeStack);
  let component;
  if (record?.components.secrets_manager) {
    await discover(repository.root);
    const stack = await loadStack(repository.store, repository.config.activeStack, { root: repository.root });
    component = stack.components.secrets_manager;
  }
  const opened = await openSecretsManager({ repositoryRoot: repository.root, ...(component ? { component } : {}) });
  onCleanup(opened.close);
  return { manager: opened.manager, description: opened.description };
}
