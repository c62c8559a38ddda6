import { AlreadyExistsError, NotFoundError, checkSecret } from "@koan/core";
import type { NewSecret, Secret, SecretSchemaName, SecretSummary, SecretsManager } from "@koan/core/contracts";

interface Stored {
  readonly name: string;
  readonly schema: SecretSchemaName;
  values: Record<string, string>;
  readonly createdAt: Date;
  updatedAt: Date;
}

/**
 * Keeps secrets in memory. A client for a real vault (HashiCorp Vault, AWS
 * Secrets Manager) keeps the same rules: typed `NotFoundError` and
 * `AlreadyExistsError`, schemas checked, and values never in a message.
 */
export class TemplateSecretsManager implements SecretsManager {
  readonly specVersion = 1 as const;
  readonly type = "secrets_manager" as const;
  readonly flavor = "template";
  readonly #secrets = new Map<string, Stored>();

  async create(secret: NewSecret): Promise<SecretSummary> {
    const schema = secret.schema ?? "arbitrary";
    // Core's check: the name, the key names and the schema's required keys; its errors never hold values.
    checkSecret(secret.name, schema, secret.values);
    if (this.#secrets.has(secret.name)) {
      throw new AlreadyExistsError("secret", secret.name, "Update it, or delete it first");
    }
    const now = new Date();
    const stored: Stored = { name: secret.name, schema, values: { ...secret.values }, createdAt: now, updatedAt: now };
    this.#secrets.set(secret.name, stored);
    return summarize(stored);
  }

  async get(name: string): Promise<Secret> {
    const stored = this.#find(name);
    return { name: stored.name, schema: stored.schema, values: { ...stored.values }, createdAt: stored.createdAt, updatedAt: stored.updatedAt };
  }

  async getValue(name: string, key: string): Promise<string> {
    const value = this.#find(name).values[key];
    if (value === undefined) throw new NotFoundError("secret key", `${name}.${key}`);
    return value;
  }

  async list(): Promise<SecretSummary[]> {
    return [...this.#secrets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(summarize);
  }

  async update(name: string, values: Readonly<Record<string, string>>, options: { readonly replace?: boolean } = {}): Promise<SecretSummary> {
    const stored = this.#find(name);
    const next = options.replace ? { ...values } : { ...stored.values, ...values };
    checkSecret(name, stored.schema, next);
    stored.values = next;
    stored.updatedAt = new Date(Math.max(Date.now(), stored.updatedAt.getTime()));
    return summarize(stored);
  }

  async delete(name: string): Promise<void> {
    this.#find(name);
    this.#secrets.delete(name);
  }

  async exists(name: string): Promise<boolean> {
    return this.#secrets.has(name);
  }

  #find(name: string): Stored {
    const stored = this.#secrets.get(name);
    if (!stored) throw new NotFoundError("secret", name, "List the secrets to see their names");
    return stored;
  }
}

function summarize(stored: Stored): SecretSummary {
  return { name: stored.name, schema: stored.schema, keys: Object.keys(stored.values), createdAt: stored.createdAt, updatedAt: stored.updatedAt };
}

