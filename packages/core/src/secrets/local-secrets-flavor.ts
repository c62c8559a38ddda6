import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { flavors } from "../registry/default-registry.js";
import { defineFlavor } from "../registry/flavor.js";
import { LocalSecretsManager } from "./local-secrets-manager.js";

/** The folder of a repository's metadata, relative to its root (the same as `KOAN_DIR`). */
const KOAN_FOLDER = ".koan";
export const DEFAULT_SECRETS_FILE = join(KOAN_FOLDER, "secrets.json");

/** The repository's own encrypted secrets store: what references resolve against when a stack has no secrets manager. */
export function repositorySecretsManager(repositoryRoot: string): LocalSecretsManager {
  return new LocalSecretsManager({ path: resolve(repositoryRoot, DEFAULT_SECRETS_FILE), koanDir: resolve(repositoryRoot, KOAN_FOLDER) });
}

/** Secrets in an encrypted file in the project (AES-256-GCM, key from KOAN_SECRETS_KEY or .koan/secrets.key). */
export const localSecretsManager = defineFlavor({
  type: "secrets_manager",
  name: "local",
  description: "Stores secrets in an encrypted file in the project (AES-256-GCM).",
  packageName: "@koan/core",
  configSchema: z.object({
    path: z
      .string()
      .min(1)
      .default(DEFAULT_SECRETS_FILE)
      .describe("The encrypted secrets file; relative paths resolve against the project root"),
  }),
  async create(config, context) {
    const path = isAbsolute(config.path) ? config.path : resolve(context.repositoryRoot, config.path);
    return new LocalSecretsManager({ path, koanDir: resolve(context.repositoryRoot, KOAN_FOLDER) });
  },
});

/**
 * Makes `secrets_manager/local` known, like core's other local flavors.
 * Idempotent; called where stored stacks are resolved so it never depends on
 * which modules a bundler kept.
 */
export function registerLocalSecretsFlavor(): void {
  if (!flavors.has(localSecretsManager.type, localSecretsManager.name)) flavors.register(localSecretsManager);
}

registerLocalSecretsFlavor();
