import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { SecretsKey } from "./secrets-key.js";
import { SecretsKeyError } from "./errors.js";

/** One secret's values, sealed with AES-256-GCM. All fields base64. */
export interface SealedValues {
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

/**
 * Encrypts values. `binding` is authenticated but not encrypted: it ties the
 * ciphertext to the secret's name, schema and keys, so a ciphertext copied to
 * another entry of the file fails to open instead of passing as that secret.
 */
export function sealValues(key: SecretsKey, binding: string, values: Readonly<Record<string, string>>): SealedValues {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.bytes, iv);
  cipher.setAAD(Buffer.from(binding, "utf8"));
  const data = Buffer.concat([cipher.update(JSON.stringify(values), "utf8"), cipher.final()]);
  return { iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), data: data.toString("base64") };
}

/** Decrypts values; a wrong key or a changed entry is a `SecretsKeyError` (never a partial result). */
export function openValues(key: SecretsKey, binding: string, sealed: SealedValues, secretName: string): Record<string, string> {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(sealed.iv, "base64"));
    decipher.setAAD(Buffer.from(binding, "utf8"));
    decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
    const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, "base64")), decipher.final()]).toString("utf8");
    return JSON.parse(text) as Record<string, string>;
  } catch (error) {
    throw new SecretsKeyError(
      `Secret "${secretName}" cannot be decrypted with the key from ${key.source}: the key is not the one it was stored with, ` +
        "or the secrets file was changed by hand.",
      { cause: error instanceof Error ? new Error(error.message) : undefined },
    );
  }
}
