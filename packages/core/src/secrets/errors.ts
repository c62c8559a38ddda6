import { KoanError } from "@koan/contracts";

/*
 * Errors of secret storage and resolution. None of them ever carries a
 * secret value: they name secrets, keys and files only.
 */

/** The secrets key is missing, malformed, unsafe on disk, or not the one the secrets were encrypted with. */
export class SecretsKeyError extends KoanError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("SECRETS_KEY", message, options);
  }
}

/** A secret's name, key names or values break its schema's rules. */
export class InvalidSecretError extends KoanError {
  constructor(
    readonly secret: string,
    readonly problems: readonly string[],
  ) {
    super("INVALID_SECRET", `Secret "${secret}" is not valid: ${problems.join("; ")}`);
  }
}

/** No secret schema of that name is registered. */
export class UnknownSecretSchemaError extends KoanError {
  constructor(
    readonly schema: string,
    readonly known: readonly string[],
  ) {
    super("UNKNOWN_SECRET_SCHEMA", `Unknown secret schema "${schema}". Known schemas: ${known.join(", ")}.`);
  }
}

/** Component configs refer to secrets or keys that do not exist; every problem is listed. */
export class SecretReferenceError extends KoanError {
  constructor(
    /** What holds the references, e.g. `Stack "dev"`. */
    readonly subject: string,
    readonly problems: readonly string[],
  ) {
    super(
      "SECRET_REFERENCE",
      `${subject} refers to secrets that cannot be resolved: ${problems.join("; ")}. ` +
        "Create or update them with `koan secret create` / `koan secret update`, or change the component config.",
    );
  }
}

/** The encrypted secrets file is unreadable or was changed by hand. */
export class SecretsFileError extends KoanError {
  constructor(path: string, reason: string) {
    super("SECRETS_FILE", `The secrets file ${path} cannot be used: ${reason}`);
  }
}
