import { describe, expect, it } from "vitest";
import { AlreadyExistsError, KoanError, NotFoundError } from "@koan/core";
import type { SecretsManager } from "@koan/core/contracts";
import { caught, expectKoanError } from "./expect-error.js";
import { DEFAULT_TIMEOUT_MS, sharedComponent, uniqueToken } from "./suite.js";
import type { SuiteOptions } from "./suite.js";

export type SecretsManagerSuiteOptions = SuiteOptions<SecretsManager>;

/** Values the suite stores; none may ever show up in a summary, a listing or an error message. */
const VALUES = {
  password: "hunter2-p@ss=word;with\"quotes'",
  multiline: "-----BEGIN KEY-----\nMIIB\n-----END KEY-----\n",
  unicode: "pâsswörd-密码-🔑",
  empty: "",
  long: "x".repeat(4096),
};

/**
 * The secrets manager contract: create, get, getValue, list (sorted, no
 * values), update (merge and replace), delete and exists; typed
 * `NotFoundError` and `AlreadyExistsError`; built-in schemas' required keys
 * checked; bad names refused; values never leaked into summaries or errors.
 */
export function secretsManagerSuite(options: SecretsManagerSuiteOptions): void {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  describe(`${options.name}: secrets manager conformance`, () => {
    const manager = sharedComponent(options.create, options.cleanup);
    const base = `kc-${uniqueToken()}`;
    let counter = 0;
    const name = (label: string) => `${base}-${label}-${counter++}`;
    const expectNoValues = (text: string) => {
      for (const value of Object.values(VALUES)) if (value.length > 3) expect(text).not.toContain(value);
    };

    it("identifies itself as a secrets manager", () => {
      const m = manager();
      expect(m.type).toBe("secrets_manager");
      expect(m.specVersion).toBe(1);
      expect(typeof m.flavor).toBe("string");
    });

    it("create returns a summary with the key names and no values", async () => {
      const secretName = name("create");
      const summary = await manager().create({ name: secretName, values: VALUES });
      expect(summary.name).toBe(secretName);
      expect(summary.schema).toBe("arbitrary");
      expect([...summary.keys].sort()).toEqual(Object.keys(VALUES).sort());
      expect(summary.createdAt).toBeInstanceOf(Date);
      expect(summary.updatedAt).toBeInstanceOf(Date);
      expectNoValues(JSON.stringify(summary));
    }, timeout);

    it("get and getValue return every value exactly", async () => {
      const secretName = name("get");
      await manager().create({ name: secretName, values: VALUES });
      const secret = await manager().get(secretName);
      expect(secret.name).toBe(secretName);
      expect(secret.values).toEqual(VALUES);
      for (const [key, value] of Object.entries(VALUES)) expect(await manager().getValue(secretName, key)).toBe(value);
    }, timeout);

    it("a missing secret or key raises NotFoundError", async () => {
      const missing = name("missing");
      await expectKoanError(manager().get(missing), NotFoundError, "NOT_FOUND");
      await expectKoanError(manager().getValue(missing, "password"), NotFoundError, "NOT_FOUND");
      await expectKoanError(manager().update(missing, { a: "b" }), NotFoundError, "NOT_FOUND");
      await expectKoanError(manager().delete(missing), NotFoundError, "NOT_FOUND");
      const present = name("present");
      await manager().create({ name: present, values: { password: VALUES.password } });
      const error = await expectKoanError(manager().getValue(present, "no_such_key"), NotFoundError, "NOT_FOUND");
      expectNoValues(error.message);
    }, timeout);

    it("a taken name raises AlreadyExistsError, and the message holds no value", async () => {
      const secretName = name("taken");
      await manager().create({ name: secretName, values: { password: VALUES.password } });
      const error = await expectKoanError(
        manager().create({ name: secretName, values: { password: VALUES.long } }),
        AlreadyExistsError,
        "ALREADY_EXISTS",
      );
      expectNoValues(error.message);
      expect(await manager().getValue(secretName, "password")).toBe(VALUES.password);
    }, timeout);

    it("list returns summaries sorted by name, without values", async () => {
      const names = [name("list-c"), name("list-a"), name("list-b")];
      for (const n of names) await manager().create({ name: n, values: { password: VALUES.password, unicode: VALUES.unicode } });
      const listed = await manager().list();
      const ours = listed.filter((s) => s.name.startsWith(base));
      expect(ours.map((s) => s.name)).toEqual([...ours.map((s) => s.name)].sort());
      for (const n of names) expect(ours.map((s) => s.name)).toContain(n);
      const allNames = listed.map((s) => s.name);
      expect(allNames).toEqual([...allNames].sort());
      expectNoValues(JSON.stringify(listed));
    }, timeout);

    it("update merges values by default, replaces them with replace: true, and moves updatedAt", async () => {
      const secretName = name("update");
      const created = await manager().create({ name: secretName, values: { user: "ada", password: "old" } });
      const merged = await manager().update(secretName, { password: "new", token: "t0k3n" });
      expect([...merged.keys].sort()).toEqual(["password", "token", "user"]);
      expect((await manager().get(secretName)).values).toEqual({ user: "ada", password: "new", token: "t0k3n" });
      expect(merged.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
      expect(merged.createdAt.getTime()).toBe(created.createdAt.getTime());
      const replaced = await manager().update(secretName, { only: "this" }, { replace: true });
      expect(replaced.keys).toEqual(["only"]);
      expect((await manager().get(secretName)).values).toEqual({ only: "this" });
    }, timeout);

    it("delete removes a secret; exists tells before and after", async () => {
      const secretName = name("delete");
      expect(await manager().exists(secretName)).toBe(false);
      await manager().create({ name: secretName, values: { a: "b" } });
      expect(await manager().exists(secretName)).toBe(true);
      await manager().delete(secretName);
      expect(await manager().exists(secretName)).toBe(false);
      await expectKoanError(manager().get(secretName), NotFoundError, "NOT_FOUND");
      // The name is free again.
      await manager().create({ name: secretName, values: { a: "c" } });
      expect(await manager().getValue(secretName, "a")).toBe("c");
    }, timeout);

    it("checks the required keys of the built-in schemas, naming the missing key but no value", async () => {
      const aws = name("aws");
      const ok = await manager().create({
        name: aws,
        schema: "aws",
        values: { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: VALUES.password, AWS_SESSION_TOKEN: VALUES.multiline },
      });
      expect(ok.schema).toBe("aws");
      const error = await caught(
        manager().create({ name: name("aws-bad"), schema: "aws", values: { AWS_ACCESS_KEY_ID: VALUES.unicode } }),
      );
      expect(error).toBeInstanceOf(KoanError);
      expect((error as Error).message).toContain("AWS_SECRET_ACCESS_KEY");
      expectNoValues((error as Error).message);
      await expect(manager().create({ name: name("basic-bad"), schema: "basic-auth", values: { username: "ada" } })).rejects.toBeInstanceOf(KoanError);
      const basic = await manager().create({ name: name("basic"), schema: "basic-auth", values: { username: "ada", password: VALUES.password } });
      expect(basic.schema).toBe("basic-auth");
      await expect(manager().create({ name: name("gcp-bad"), schema: "gcp", values: {} })).rejects.toBeInstanceOf(KoanError);
      await expect(manager().create({ name: name("azure-bad"), schema: "azure", values: { AZURE_CLIENT_ID: "x" } })).rejects.toBeInstanceOf(KoanError);
    }, timeout);

    it("refuses names with characters other than letters, digits, -, _ and .", async () => {
      for (const bad of ["", "has space", "slash/name", "../up", "colon:name", "brace{{x}}"]) {
        const error = await caught(manager().create({ name: bad, values: { a: "b" } }));
        expect(error, `name ${JSON.stringify(bad)}`).toBeInstanceOf(KoanError);
      }
      const fine = `${name("Fine")}.v2_x`;
      expect((await manager().create({ name: fine, values: { a: "b" } })).name).toBe(fine);
    }, timeout);

    it("leaves no secret of the suite behind once they are deleted", async () => {
      for (const summary of await manager().list()) if (summary.name.startsWith(base)) await manager().delete(summary.name);
      expect((await manager().list()).filter((s) => s.name.startsWith(base))).toEqual([]);
    }, timeout);
  });
}
