import type { StackComponent } from "./component-type.js";

/**
 * Which keys a secret holds. Built-in schemas: `arbitrary` (any keys),
 * `aws` (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optional
 * `AWS_SESSION_TOKEN`), `gcp` (`GOOGLE_APPLICATION_CREDENTIALS_JSON`), `azure`
 * (`AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, `AZURE_TENANT_ID`), `basic-auth`
 * (`username`, `password`). Any other name is a custom schema.
 */
export type SecretSchemaName = "arbitrary" | "aws" | "gcp" | "azure" | "basic-auth" | (string & {});

/** A secret without its values: safe to print and log. */
export interface SecretSummary {
  /** Unique within the manager; letters, digits, `-`, `_` and `.`. */
  readonly name: string;
  readonly schema: SecretSchemaName;
  /** The key names, never the values. */
  readonly keys: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * A secret with its values. Values must never be logged, printed, stored in
 * run metadata or put into error messages; show a `SecretSummary` instead.
 */
export interface Secret {
  readonly name: string;
  readonly schema: SecretSchemaName;
  readonly values: Readonly<Record<string, string>>;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What to store. */
export interface NewSecret {
  readonly name: string;
  /** Defaults to `arbitrary`. Values are checked against the schema's required keys. */
  readonly schema?: SecretSchemaName;
  readonly values: Readonly<Record<string, string>>;
}

/**
 * Stores named groups of confidential key-value pairs (credentials,
 * tokens), so configs refer to them as `{{name.key}}` instead of holding
 * them. A missing secret raises `NotFoundError`; a taken name
 * `AlreadyExistsError`. Implementations never log values.
 */
export interface SecretsManager extends StackComponent<"secrets_manager"> {
  readonly specVersion: 1;
  /** Stores a new secret. */
  create(secret: NewSecret): Promise<SecretSummary>;
  /** A secret with all its values. */
  get(name: string): Promise<Secret>;
  /** One value; `NotFoundError` when the secret or the key is missing. */
  getValue(name: string, key: string): Promise<string>;
  /** All secrets, without values, sorted by name. */
  list(): Promise<SecretSummary[]>;
  /**
   * Changes values: merged into the existing ones by default; with
   * `replace: true` the given values become the only ones.
   */
  update(name: string, values: Readonly<Record<string, string>>, options?: { readonly replace?: boolean }): Promise<SecretSummary>;
  /** Removes a secret. */
  delete(name: string): Promise<void>;
  /** True when a secret of that name exists. */
  exists(name: string): Promise<boolean>;
}
