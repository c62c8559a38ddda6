import { join } from "node:path";

/*
 * Where the secrets key is, apart from secrets-key.ts: opening a repository
 * needs these, and should not load node:crypto (a few milliseconds of every
 * short command) when it reads no key.
 */

export const SECRETS_KEY_ENV = "KOAN_SECRETS_KEY";
export const SECRETS_KEY_FILE = "secrets.key";

/** Where the key file of a repository lives. */
export function secretsKeyPath(koanDir: string): string {
  return join(koanDir, SECRETS_KEY_FILE);
}

/** True when `KOAN_SECRETS_KEY` is set (then no key file is made or read). */
export function secretsKeyFromEnvironment(): boolean {
  return (process.env[SECRETS_KEY_ENV] ?? "") !== "";
}
