import { readFile, rename, writeFile } from "node:fs/promises";
import { AlreadyExistsError, NotFoundError } from "@koan/contracts";
import type { NewSecret, Secret, SecretSchemaName, SecretsManager, SecretSummary } from "@koan/contracts";
import { openValues, sealValues } from "./encryption.js";
import type { SealedValues } from "./encryption.js";
import { SecretsFileError, SecretsKeyError } from "./errors.js";
import { withFileLock } from "./file-lock.js";
import { checkSecret } from "./secret-schemas.js";
import { readSecretsKey } from "./secrets-key.js";
import type { SecretsKey } from "./secrets-key.js";

/** One stored secret: names and dates in the clear (so `list` needs no key), values sealed. */
interface StoredSecret extends SealedValues {
  readonly schema: string;
  readonly keys: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface SecretsFile {
  readonly version: 1;
  readonly cipher: "aes-256-gcm";
  /** Fingerprint of the key the secrets were sealed with; names a wrong key before any decryption. */
  keyCheck: string | null;
  readonly secrets: Record<string, StoredSecret>;
}

export interface LocalSecretsManagerOptions {
  /** The encrypted secrets file, e.g. `.koan/secrets.json`. */
  readonly path: string;
  /** The repository's `.koan/` folder, where the key file lives. */
  readonly koanDir: string;
}

/**
 * Secrets in one local file, each secret's values encrypted with AES-256-GCM
 * under the repository's secrets key. Every call reads the file afresh and
 * every change is written atomically under a lock, so several processes can
 * share it.
 */
export class LocalSecretsManager implements SecretsManager {
  readonly specVersion = 1 as const;
  readonly type = "secrets_manager" as const;
  readonly flavor = "local";
  readonly path: string;
  readonly #koanDir: string;

  constructor(options: LocalSecretsManagerOptions) {
    this.path = options.path;
    this.#koanDir = options.koanDir;
  }

  async create(secret: NewSecret): Promise<SecretSummary> {
    const schema = secret.schema ?? "arbitrary";
    checkSecret(secret.name, schema, secret.values);
    return this.#change(async (file) => {
      if (file.secrets[secret.name]) {
        throw new AlreadyExistsError("secret", secret.name, "Use `koan secret update` to change it, or `koan secret delete` it first");
      }
      // A repository made before secrets existed has no key file: make one, but only while no secret needs the old key.
      const key = await this.#key(file, { create: Object.keys(file.secrets).length === 0 });
      const now = new Date().toISOString();
      file.secrets[secret.name] = seal(key, secret.name, schema, secret.values, now, now);
      return toSummary(secret.name, file.secrets[secret.name] as StoredSecret);
    });
  }

  async get(name: string): Promise<Secret> {
    const file = await this.#read();
    const stored = found(file, name);
    const values = openValues(await this.#key(file), binding(name, stored.schema, stored.keys), stored, name);
    return { name, schema: stored.schema, values, createdAt: new Date(stored.createdAt), updatedAt: new Date(stored.updatedAt) };
  }

  async getValue(name: string, key: string): Promise<string> {
    const secret = await this.get(name);
    const value = secret.values[key];
    if (value === undefined) {
      throw new NotFoundError("key", `${name}.${key}`, `Secret "${name}" has the keys ${Object.keys(secret.values).join(", ")}`);
    }
    return value;
  }

  async list(): Promise<SecretSummary[]> {
    const file = await this.#read();
    return Object.keys(file.secrets)
      .sort()
      .map((name) => toSummary(name, file.secrets[name] as StoredSecret));
  }

  async update(name: string, values: Readonly<Record<string, string>>, options: { readonly replace?: boolean } = {}): Promise<SecretSummary> {
    return this.#change(async (file) => {
      const stored = found(file, name);
      const key = await this.#key(file);
      const current = options.replace ? {} : openValues(key, binding(name, stored.schema, stored.keys), stored, name);
      const next = { ...current, ...values };
      checkSecret(name, stored.schema, next);
      file.secrets[name] = seal(key, name, stored.schema, next, stored.createdAt, new Date().toISOString());
      return toSummary(name, file.secrets[name] as StoredSecret);
    });
  }

  async delete(name: string): Promise<void> {
    await this.#change(async (file) => {
      found(file, name);
      delete file.secrets[name];
    });
  }

  async exists(name: string): Promise<boolean> {
    return (await this.#read()).secrets[name] !== undefined;
  }

  async #key(file: SecretsFile, options: { create?: boolean } = {}): Promise<SecretsKey> {
    const key = await readSecretsKey(this.#koanDir, options);
    const sealedSome = Object.keys(file.secrets).length > 0;
    if (sealedSome && file.keyCheck && file.keyCheck !== key.check) {
      throw new SecretsKeyError(
        `The secrets in ${this.path} were stored with another key than the one from ${key.source}. ` +
          "Use the key they were stored with (KOAN_SECRETS_KEY or .koan/secrets.key).",
      );
    }
    file.keyCheck = key.check;
    return key;
  }

  async #change<T>(fn: (file: SecretsFile) => Promise<T>): Promise<T> {
    return withFileLock(`${this.path}.lock`, async () => {
      const file = await this.#read();
      const result = await fn(file);
      const temp = `${this.path}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
      await rename(temp, this.path);
      return result;
    });
  }

  async #read(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, cipher: "aes-256-gcm", keyCheck: null, secrets: {} };
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SecretsFileError(this.path, "it is not valid JSON. Restore it from a backup, or move it away to start with no secrets.");
    }
    const file = parsed as Partial<SecretsFile>;
    if (file.version !== 1 || typeof file.secrets !== "object" || file.secrets === null) {
      throw new SecretsFileError(this.path, "it is not a Koan secrets file of version 1 (made by a newer Koan?).");
    }
    return { version: 1, cipher: "aes-256-gcm", keyCheck: file.keyCheck ?? null, secrets: { ...file.secrets } };
  }
}

function found(file: SecretsFile, name: string): StoredSecret {
  const stored = file.secrets[name];
  if (!stored) throw new NotFoundError("secret", name, "Run `koan secret list` to see the secrets");
  return stored;
}

function seal(key: SecretsKey, name: string, schema: string, values: Readonly<Record<string, string>>, createdAt: string, updatedAt: string): StoredSecret {
  const keys = Object.keys(values).sort();
  return { schema, keys, createdAt, updatedAt, ...sealValues(key, binding(name, schema, keys), values) };
}

function binding(name: string, schema: string, keys: readonly string[]): string {
  return JSON.stringify(["koan-secret-v1", name, schema, [...keys].sort()]);
}

function toSummary(name: string, stored: StoredSecret): SecretSummary {
  return {
    name,
    schema: stored.schema as SecretSchemaName,
    keys: [...stored.keys],
    createdAt: new Date(stored.createdAt),
    updatedAt: new Date(stored.updatedAt),
  };
}
