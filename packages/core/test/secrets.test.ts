import { randomBytes } from "node:crypto";
import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AlreadyExistsError, NotFoundError } from "../src/contracts.js";
import { initRepository } from "../src/repository/repository.js";
import { InvalidSecretError, SecretsKeyError, UnknownSecretSchemaError } from "../src/secrets/errors.js";
import { LocalSecretsManager } from "../src/secrets/local-secrets-manager.js";
import { repositorySecretsManager } from "../src/secrets/local-secrets-flavor.js";
import { checkSecret, registerSecretSchema } from "../src/secrets/secret-schemas.js";
import { readSecretsKey, SECRETS_KEY_ENV } from "../src/secrets/secrets-key.js";
import { tempRepository } from "./helpers/temp-repository.js";

const SECRET_VALUE = "s3cr3t-VALUE-9f8e7d";
let savedKey: string | undefined;

beforeEach(() => {
  savedKey = process.env[SECRETS_KEY_ENV];
  delete process.env[SECRETS_KEY_ENV];
});
afterEach(() => {
  if (savedKey === undefined) delete process.env[SECRETS_KEY_ENV];
  else process.env[SECRETS_KEY_ENV] = savedKey;
});

async function initialized(): Promise<{ root: string; koanDir: string; manager: LocalSecretsManager }> {
  const root = await tempRepository();
  await initRepository(root, { create: true });
  return { root, koanDir: join(root, ".koan"), manager: repositorySecretsManager(root) };
}

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe("the local secrets store", () => {
  it("stores, lists, reads, updates and deletes secrets, encrypted at rest", async () => {
    const { manager } = await initialized();
    const summary = await manager.create({ name: "db", schema: "basic-auth", values: { username: "app", password: SECRET_VALUE } });
    expect(summary).toMatchObject({ name: "db", schema: "basic-auth", keys: ["password", "username"] });
    await manager.create({ name: "api.prod", values: { token: "tok-123456" } });

    expect((await manager.list()).map((s) => [s.name, s.schema])).toEqual([
      ["api.prod", "arbitrary"],
      ["db", "basic-auth"],
    ]);
    expect((await manager.get("db")).values).toEqual({ username: "app", password: SECRET_VALUE });
    expect(await manager.getValue("api.prod", "token")).toBe("tok-123456");
    expect(await manager.exists("db")).toBe(true);
    expect(await manager.exists("nope")).toBe(false);

    const text = await readFile(manager.path, "utf8");
    expect(text).not.toContain(SECRET_VALUE);
    expect(text).not.toContain("tok-123456");
    expect(text).toContain('"password"'); // key names stay readable, so `list` needs no key
    if (process.platform !== "win32") expect(await mode(manager.path)).toBe(0o600);

    await manager.update("db", { password: "another-password" });
    expect((await manager.get("db")).values).toEqual({ username: "app", password: "another-password" });
    await manager.update("api.prod", { other: "x-value" }, { replace: true });
    expect((await manager.get("api.prod")).values).toEqual({ other: "x-value" });
    await manager.delete("api.prod");
    expect((await manager.list()).map((s) => s.name)).toEqual(["db"]);
  });

  it("names missing secrets and keys, and refuses a taken name", async () => {
    const { manager } = await initialized();
    await manager.create({ name: "a", values: { k: "v-value" } });
    await expect(manager.create({ name: "a", values: { k: "v" } })).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(manager.get("missing")).rejects.toThrow(/No secret "missing"/);
    await expect(manager.get("missing")).rejects.toBeInstanceOf(NotFoundError);
    await expect(manager.getValue("a", "nope")).rejects.toThrow(/No key "a.nope".*has the keys k/);
    await expect(manager.update("missing", { k: "v" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(manager.delete("missing")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("checks each schema's required and allowed keys", async () => {
    const { manager } = await initialized();
    await expect(manager.create({ name: "aws", schema: "aws", values: { AWS_ACCESS_KEY_ID: "AKIA" } })).rejects.toThrow(
      /requires "AWS_SECRET_ACCESS_KEY"/,
    );
    await expect(
      manager.create({ name: "aws", schema: "aws", values: { AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "B", REGION: "x" } }),
    ).rejects.toThrow(/does not take "REGION"/);
    await manager.create({ name: "aws", schema: "aws", values: { AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "B", AWS_SESSION_TOKEN: "C" } });
    await expect(manager.update("aws", { AWS_ACCESS_KEY_ID: "only" }, { replace: true })).rejects.toBeInstanceOf(InvalidSecretError);
    expect(() => checkSecret("g", "gcp", {})).toThrow(/requires "GOOGLE_APPLICATION_CREDENTIALS_JSON"/);
    expect(() => checkSecret("z", "azure", { AZURE_CLIENT_ID: "1", AZURE_TENANT_ID: "2" })).toThrow(/requires "AZURE_CLIENT_SECRET"/);
    expect(() => checkSecret("b", "basic-auth", { username: "u", password: "" })).toThrow(/requires "password"/);
    expect(() => checkSecret("x", "nope", { a: "b" })).toThrow(UnknownSecretSchemaError);
    expect(() => checkSecret("x", "nope", { a: "b" })).toThrow(/Known schemas: arbitrary, aws, gcp, azure, basic-auth/);
    expect(() => checkSecret("x", "arbitrary", {})).toThrow(/at least one key/);
    expect(() => checkSecret("bad name", "arbitrary", { a: "b" })).toThrow(/names use letters/);
    expect(() => checkSecret("x", "arbitrary", { "a.b": "c" })).toThrow(/invalid key name "a.b"/);
    registerSecretSchema({ name: "test-token", description: "t", required: ["token"], optional: [], allowOtherKeys: false });
    expect(() => checkSecret("x", "test-token", {})).toThrow(/requires "token"/);
    expect(() => registerSecretSchema({ name: "aws", description: "", required: [], optional: [], allowOtherKeys: true })).toThrow(/built-in/);
  });

  it("takes an azure secret in any of its sets: service principal, connection string, account key, SAS token", () => {
    const valid: Array<Record<string, string>> = [
      { AZURE_CLIENT_ID: "1", AZURE_CLIENT_SECRET: "2", AZURE_TENANT_ID: "3" },
      { AZURE_STORAGE_CONNECTION_STRING: "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k" },
      { AZURE_STORAGE_ACCOUNT_NAME: "a", AZURE_STORAGE_ACCOUNT_KEY: "k" },
      { AZURE_STORAGE_ACCOUNT_NAME: "a", AZURE_STORAGE_SAS_TOKEN: "sv=2024&sig=x" },
      // More than one set is fine: different tools read different keys.
      { AZURE_STORAGE_ACCOUNT_NAME: "a", AZURE_STORAGE_ACCOUNT_KEY: "k", AZURE_CLIENT_ID: "1", AZURE_CLIENT_SECRET: "2", AZURE_TENANT_ID: "3" },
    ];
    for (const values of valid) expect(() => checkSecret("az", "azure", values), JSON.stringify(Object.keys(values))).not.toThrow();
  });

  it("refuses an azure secret with no complete set, naming what is missing and every set", () => {
    expect(() => checkSecret("az", "azure", { AZURE_STORAGE_ACCOUNT_NAME: "a" })).toThrow(
      /requires "AZURE_STORAGE_ACCOUNT_KEY" with AZURE_STORAGE_ACCOUNT_NAME \(it takes one of: .*AZURE_STORAGE_CONNECTION_STRING/,
    );
    expect(() => checkSecret("az", "azure", { AZURE_STORAGE_ACCOUNT_KEY: "k" })).toThrow(/requires "AZURE_STORAGE_ACCOUNT_NAME" with AZURE_STORAGE_ACCOUNT_KEY/);
    expect(() => checkSecret("az", "azure", { AZURE_STORAGE_CONNECTION_STRING: "" })).toThrow(/requires one of these sets of keys/);
    expect(() => checkSecret("az", "azure", { AZURE_STORAGE_CONNECTION_STRING: "c", AZURE_REGION: "x" })).toThrow(/does not take "AZURE_REGION"/);
    const error = (() => {
      try {
        checkSecret("az", "azure", { AZURE_STORAGE_ACCOUNT_KEY: "the-key-value" });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidSecretError);
    expect((error as Error).message).not.toContain("the-key-value");
  });

  it("a registered schema may use oneOf sets too", () => {
    registerSecretSchema({ name: "test-either", description: "t", required: [], optional: ["region"], oneOf: [["token"], ["user", "password"]], allowOtherKeys: false });
    expect(() => checkSecret("x", "test-either", { token: "t", region: "r" })).not.toThrow();
    expect(() => checkSecret("x", "test-either", { user: "u", password: "p" })).not.toThrow();
    expect(() => checkSecret("x", "test-either", { user: "u" })).toThrow(/requires "password" with user/);
    expect(() => checkSecret("x", "test-either", { region: "r" })).toThrow(/requires one of these sets of keys: token; user \+ password/);
  });

  it("keeps the key in a 0600 file made at init, or takes it from KOAN_SECRETS_KEY", async () => {
    const { root, koanDir, manager } = await initialized();
    const keyFile = join(koanDir, "secrets.key");
    if (process.platform !== "win32") expect(await mode(keyFile)).toBe(0o600);
    expect(await readFile(join(koanDir, ".gitignore"), "utf8")).toContain("secrets.key");
    await manager.create({ name: "a", values: { k: SECRET_VALUE } });

    // A different key from the environment is named as the wrong key, without showing either.
    process.env[SECRETS_KEY_ENV] = randomBytes(32).toString("base64");
    const wrong = await manager.get("a").catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(SecretsKeyError);
    expect((wrong as Error).message).toMatch(/another key than the one from KOAN_SECRETS_KEY/);
    expect((wrong as Error).message).not.toContain(process.env[SECRETS_KEY_ENV]);

    // The file's own key, given through the environment (hex this time), works.
    const fileKey = Buffer.from((await readFile(keyFile, "utf8")).trim(), "base64");
    process.env[SECRETS_KEY_ENV] = fileKey.toString("hex");
    expect(await manager.getValue("a", "k")).toBe(SECRET_VALUE);

    process.env[SECRETS_KEY_ENV] = "too-short-to-be-a-key";
    const malformed = await readSecretsKey(koanDir).catch((e: unknown) => e);
    expect((malformed as Error).message).toMatch(/not 32 bytes/);
    expect((malformed as Error).message).not.toContain("too-short-to-be-a-key");

    delete process.env[SECRETS_KEY_ENV];
    if (process.platform !== "win32") {
      await chmod(keyFile, 0o644);
      await expect(manager.get("a")).rejects.toThrow(/can be read by other users.*chmod 600/);
      await chmod(keyFile, 0o600);
    }
    expect(root).toBeTruthy();
  });

  it("makes no key file when KOAN_SECRETS_KEY is set, and says what to do when no key exists", async () => {
    process.env[SECRETS_KEY_ENV] = randomBytes(32).toString("hex");
    const root = await tempRepository();
    const { created } = await initRepository(root, { create: true });
    expect(created.some((c) => c.includes("secrets.key"))).toBe(false);
    const manager = repositorySecretsManager(root);
    await manager.create({ name: "a", values: { k: "value-1" } });
    delete process.env[SECRETS_KEY_ENV];
    await expect(manager.get("a")).rejects.toThrow(/No secrets key: KOAN_SECRETS_KEY is not set and .*secrets.key does not exist/);
    // Listing needs no key: names and key names are stored in the clear.
    expect((await manager.list()).map((s) => s.keys)).toEqual([["k"]]);
  });

  it("refuses a ciphertext moved to another secret", async () => {
    const { manager } = await initialized();
    await manager.create({ name: "a", values: { k: "value-a" } });
    await manager.create({ name: "b", values: { k: "value-b" } });
    const file = JSON.parse(await readFile(manager.path, "utf8")) as { secrets: Record<string, Record<string, unknown>> };
    file.secrets.b = { ...file.secrets.b, iv: file.secrets.a?.iv, tag: file.secrets.a?.tag, data: file.secrets.a?.data };
    await writeFile(manager.path, JSON.stringify(file));
    await expect(manager.get("b")).rejects.toThrow(/cannot be decrypted/);
    expect(await manager.getValue("a", "k")).toBe("value-a");
  });

  it("loses no change when several writers work at once", async () => {
    const { root } = await initialized();
    const one = repositorySecretsManager(root);
    const two = repositorySecretsManager(root);
    await one.create({ name: "first", values: { k: "v-first" } }); // makes the key file settle first
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? one : two).create({ name: `s${i}`, values: { k: `v-${i}` } })));
    expect((await one.list()).length).toBe(13);
    expect(await two.getValue("s7", "k")).toBe("v-7");
  });

  it("makes a key for a repository created before secrets existed, only while no secret needs an old one", async () => {
    const root = await tempRepository();
    await initRepository(root, { create: true });
    const keyFile = join(root, ".koan", "secrets.key");
    await import("node:fs/promises").then((fs) => fs.rm(keyFile));
    const manager = repositorySecretsManager(root);
    await manager.create({ name: "a", values: { k: "value-a" } });
    expect(await manager.getValue("a", "k")).toBe("value-a");
    await import("node:fs/promises").then((fs) => fs.rm(keyFile));
    await expect(manager.create({ name: "b", values: { k: "v" } })).rejects.toThrow(/No secrets key/);
  });
});
