import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { KoanError, NotFoundError } from "@koan/contracts";
import type { ComponentType, MetadataStore } from "@koan/contracts";
import { DEFAULT_CONFIG, readRepositoryConfig, writeRepositoryConfig } from "./repository-config.js";
import type { RepositoryConfig } from "./repository-config.js";
import { secretsKeyFromEnvironment, secretsKeyPath } from "../secrets/secrets-key-location.js";

export const KOAN_DIR = ".koan";

/** An opened project: its root folder, config and metadata store. */
export interface Repository {
  /** The folder that contains `.koan/`. */
  readonly root: string;
  readonly koanDir: string;
  readonly config: RepositoryConfig;
  readonly store: MetadataStore;
}

export interface OpenRepositoryOptions {
  /** The project folder; default: `KOAN_REPOSITORY`, else the nearest folder upward with a `.koan/`. */
  readonly root?: string;
  /** Create `.koan/` in the current folder when none is found (what a first `pipeline.run()` does). */
  readonly create?: boolean;
}

/** The nearest folder at or above `start` holding `.koan/config.json`. */
export function findRepositoryRoot(start: string = process.cwd()): string | undefined {
  let folder = resolve(start);
  for (;;) {
    if (existsSync(join(folder, KOAN_DIR, "config.json"))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

const opened = new Map<string, Promise<Repository>>();

/**
 * Opens the project's repository, once per process and root: the store stays
 * open for the life of the process, as runs and clients share it.
 */
export function openRepository(options: OpenRepositoryOptions = {}): Promise<Repository> {
  const explicit = options.root ?? process.env.KOAN_REPOSITORY;
  const root = explicit ? resolve(explicit) : (findRepositoryRoot() ?? (options.create ? process.cwd() : undefined));
  if (!root) {
    return Promise.reject(
      new KoanError("NO_REPOSITORY", `No Koan repository in ${process.cwd()} or above. Run \`koan init\` in your project folder.`),
    );
  }
  let repository = opened.get(root);
  if (!repository) {
    repository = initRepository(root, { create: options.create ?? false }).then((r) => r.repository);
    opened.set(root, repository);
    repository.catch(() => opened.delete(root));
  }
  return repository;
}

/** Closes every repository this process opened (tests, CLI exit). */
export async function closeRepositories(): Promise<void> {
  const all = [...opened.values()];
  opened.clear();
  await Promise.allSettled(all.map(async (r) => (await r).store.close()));
}

/**
 * Creates `.koan/` (config, metadata store, the local artifact store's
 * folder, the secrets key, the `default` stack of local orchestrator and
 * local artifact store) where missing. Safe to run again:
 * `created` lists only what this call made.
 */
export async function initRepository(root: string, options: { create: boolean }): Promise<{ repository: Repository; created: string[] }> {
  const koanDir = join(root, KOAN_DIR);
  const created: string[] = [];
  if (!existsSync(join(koanDir, "config.json"))) {
    if (!options.create) {
      throw new KoanError("NO_REPOSITORY", `${root} has no ${KOAN_DIR}/config.json. Run \`koan init\` there.`);
    }
    mkdirSync(koanDir, { recursive: true });
    await writeRepositoryConfig(koanDir, DEFAULT_CONFIG);
    created.push(join(KOAN_DIR, "config.json"));
  }
  const config = await readRepositoryConfig(koanDir);
  const storeUrl = process.env.KOAN_STORE_URL ?? config.storeUrl;
  const databaseFile = sqlitePath(storeUrl, koanDir);
  const freshDatabase = databaseFile !== undefined && !existsSync(databaseFile);
  const store = await openStore(storeUrl, koanDir);
  if (freshDatabase) created.push(displayPath(root, databaseFile));
  if (options.create) created.push(...(await ensureLocalFiles(root, koanDir)));
  created.push(...(await ensureDefaultStack(store)));
  return { repository: { root, koanDir, config, store }, created };
}

/**
 * Makes a registered stack the active one (`.koan/config.json`). Checks only
 * that it exists: callers check its components and secrets first.
 */
export async function setActiveStack(repository: Repository, name: string): Promise<Repository> {
  if (!(await repository.store.getStack(name))) throw new NotFoundError("stack", name, "Run `koan stack list` to see the registered stacks.");
  const config: RepositoryConfig = { ...repository.config, activeStack: name };
  await writeRepositoryConfig(repository.koanDir, config);
  const updated: Repository = { ...repository, config };
  opened.set(repository.root, Promise.resolve(updated));
  return updated;
}

/**
 * What `koan init` adds beside the config and the store: the local artifact
 * store's folder, the secrets key (unless KOAN_SECRETS_KEY provides it) and a
 * .gitignore that keeps the key out of version control.
 */
async function ensureLocalFiles(root: string, koanDir: string): Promise<string[]> {
  const created: string[] = [];
  const artifacts = join(koanDir, "artifacts");
  if (!existsSync(artifacts)) {
    mkdirSync(artifacts, { recursive: true });
    created.push(displayPath(root, artifacts) + "/");
  }
  const gitignore = join(koanDir, ".gitignore");
  if (!existsSync(gitignore)) {
    writeFileSync(gitignore, "# Anyone with the secrets key can read the secrets: never commit it.\nsecrets.key\n");
    created.push(displayPath(root, gitignore));
  }
  // Loaded here, not at the top: it needs node:crypto, which opening a repository does not.
  const { createSecretsKeyFile } = await import("../secrets/secrets-key.js");
  if (!secretsKeyFromEnvironment() && (await createSecretsKeyFile(koanDir))) {
    created.push(`${displayPath(root, secretsKeyPath(koanDir))} (mode 0600)`);
  }
  return created;
}

function sqlitePath(storeUrl: string, koanDir: string): string | undefined {
  if (!storeUrl.startsWith("sqlite:")) return undefined;
  const file = storeUrl.slice("sqlite:".length);
  return isAbsolute(file) ? file : join(koanDir, file);
}

function displayPath(root: string, path: string): string {
  const rel = relative(root, path);
  return rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

async function openStore(storeUrl: string, koanDir: string): Promise<MetadataStore> {
  const path = sqlitePath(storeUrl, koanDir);
  if (path !== undefined) {
    // Loaded on demand: the native SQLite module costs startup time the CLI's --help should not pay.
    // The light entry: it loads Kysely only when the store first needs it.
    const { openSqliteMetadataStore } = await import("@koan/sql-store/sqlite");
    return openSqliteMetadataStore({ path });
  }
  throw new KoanError("UNSUPPORTED_STORE", `Unsupported metadata store URL "${storeUrl}". Use sqlite:<path>.`);
}

const DEFAULT_COMPONENTS: readonly { type: ComponentType; flavor: string }[] = [
  { type: "orchestrator", flavor: "local" },
  { type: "artifact_store", flavor: "local" },
];

/** The `default` stack and its components, created if missing (by any process; races are harmless). */
async function ensureDefaultStack(store: MetadataStore): Promise<string[]> {
  const created: string[] = [];
  if (await store.getStack("default")) return created;
  for (const { type, flavor } of DEFAULT_COMPONENTS) {
    if (!(await store.getComponent(type, "default"))) {
      await ignoreExists(store.saveComponent({ name: "default", type, flavor, config: {} }));
      created.push(`${type} "default" (${flavor})`);
    }
  }
  await ignoreExists(store.saveStack({ name: "default", components: { orchestrator: "default", artifact_store: "default" } }));
  created.push(`stack "default"`);
  return created;
}

async function ignoreExists<T>(promise: Promise<T>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if ((error as KoanError).code !== "ALREADY_EXISTS") throw error;
  }
}
