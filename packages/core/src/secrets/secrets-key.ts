import { randomBytes, createHmac } from "node:crypto";
import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { SecretsKeyError } from "./errors.js";
import { SECRETS_KEY_ENV, secretsKeyPath } from "./secrets-key-location.js";

/*
 * The one place that knows where the secrets key comes from: the
 * `KOAN_SECRETS_KEY` environment variable when set, else `.koan/secrets.key`
 * (created by `koan init` with mode 0600). Nothing else reads either.
 */

export { SECRETS_KEY_ENV, SECRETS_KEY_FILE, secretsKeyFromEnvironment, secretsKeyPath } from "./secrets-key-location.js";

/** A 256-bit key and where it came from (for messages; never the key itself). */
export interface SecretsKey {
  readonly bytes: Buffer;
  /** `KOAN_SECRETS_KEY` or the key file's path. */
  readonly source: string;
  /** A short fingerprint stored with the secrets, so a wrong key is named as such. */
  readonly check: string;
}

/**
 * The key: from `KOAN_SECRETS_KEY`, else from the key file. With `create`,
 * a missing key file is made (32 random bytes, mode 0600); without it, a
 * missing key is a `SecretsKeyError` saying how to provide one.
 */
export async function readSecretsKey(koanDir: string, options: { create?: boolean } = {}): Promise<SecretsKey> {
  const fromEnv = process.env[SECRETS_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== "") {
    return toKey(decodeKey(fromEnv, SECRETS_KEY_ENV), SECRETS_KEY_ENV);
  }
  const path = secretsKeyPath(koanDir);
  let text: string;
  try {
    await assertPrivate(path);
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    if (!options.create) {
      throw new SecretsKeyError(
        `No secrets key: ${SECRETS_KEY_ENV} is not set and ${path} does not exist. ` +
          `Set ${SECRETS_KEY_ENV} to the key the secrets were stored with, or restore the key file.`,
      );
    }
    await createSecretsKeyFile(koanDir);
    text = await readFile(path, "utf8");
  }
  return toKey(decodeKey(text, path), path);
}

/** Creates the key file if missing; true when this call made it. */
export async function createSecretsKeyFile(koanDir: string): Promise<boolean> {
  const path = secretsKeyPath(koanDir);
  try {
    await writeFile(path, `${generateSecretsKey()}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  // The umask can only take bits away, but be explicit: the file must be 0600 whatever it is.
  await chmod(path, 0o600);
  return true;
}

/** A fresh key in the format `KOAN_SECRETS_KEY` and the key file take: 32 random bytes, base64. */
export function generateSecretsKey(): string {
  return randomBytes(32).toString("base64");
}

function toKey(bytes: Buffer, source: string): SecretsKey {
  const check = createHmac("sha256", bytes).update("koan secrets key check v1").digest("hex").slice(0, 16);
  return { bytes, source, check };
}

/** 64 hex digits or base64 of exactly 32 bytes. Messages never include the value. */
function decodeKey(text: string, source: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length === 32) return bytes;
  }
  throw new SecretsKeyError(
    `The secrets key in ${source} is not 32 bytes encoded as base64 or 64 hex digits. ` +
      "Make one with `openssl rand -base64 32` (and keep it: secrets stored with a key need that key).",
  );
}

/** Refuses a key file other users can read (POSIX only; Windows has no such mode bits). */
async function assertPrivate(path: string): Promise<void> {
  if (process.platform === "win32") return;
  const info = await stat(path);
  if ((info.mode & 0o077) !== 0) {
    throw new SecretsKeyError(
      `The secrets key file ${path} can be read by other users (mode ${(info.mode & 0o777).toString(8)}). ` +
        `Run \`chmod 600 ${path}\` and try again.`,
    );
  }
}
