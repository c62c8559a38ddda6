import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import type { ContainerRegistry } from "@koan/core/contracts";
import { DEFAULT_TIMEOUT_MS, itWith, sharedComponent } from "./suite.js";
import type { SuiteOptions } from "./suite.js";

export interface ContainerRegistrySuiteOptions extends SuiteOptions<ContainerRegistry> {
  readonly capabilities: {
    /** What `credentials()` hands out for the created registry. */
    readonly credentials: "none" | "basic" | "token";
  };
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "0.0.0.0"]);

/**
 * The container registry contract: a scheme-less URI without a trailing
 * slash, pure image references (tags and digests, nested names), `isLocal`
 * for localhost registries, credentials of the declared kind, and
 * credentials that never show when the registry is printed or serialized.
 */
export function containerRegistrySuite(options: ContainerRegistrySuiteOptions): void {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const kind = options.capabilities.credentials;

  describe(`${options.name}: container registry conformance`, () => {
    const registry = sharedComponent(options.create, options.cleanup);

    it("identifies itself as a container registry", () => {
      const r = registry();
      expect(r.type).toBe("container_registry");
      expect(r.specVersion).toBe(1);
      expect(typeof r.flavor).toBe("string");
      expect(typeof r.isLocal).toBe("boolean");
    });

    it("has a URI without a scheme or a trailing slash", () => {
      const { uri } = registry();
      expect(uri.length).toBeGreaterThan(0);
      expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:\/\//i);
      expect(uri.endsWith("/")).toBe(false);
    });

    it("builds image references from a name and a tag, or a digest", () => {
      const r = registry();
      expect(r.imageUri("train", "3f9c")).toBe(`${r.uri}/train:3f9c`);
      expect(r.imageUri("team/train", "v1.2.0")).toBe(`${r.uri}/team/train:v1.2.0`);
      const digest = `sha256:${"ab".repeat(32)}`;
      expect(r.imageUri("train", digest)).toBe(`${r.uri}/train@${digest}`);
    });

    it("imageUri is pure: synchronous and the same every time", () => {
      const r = registry();
      const first: unknown = r.imageUri("pure", "1");
      expect(typeof first).toBe("string");
      expect(r.imageUri("pure", "1")).toBe(first);
    });

    it("says it is local exactly when its host is this machine", () => {
      const r = registry();
      const host = r.uri.split("/")[0]?.replace(/:\d+$/, "") ?? "";
      // Both directions: a loopback registry must say local (remote orchestrators
      // cannot pull from it), and any other host must not.
      expect(r.isLocal, `registry ${r.uri}`).toBe(LOCAL_HOSTS.has(host));
    });

    it(`hands out ${kind === "none" ? "no credentials" : `${kind} credentials`}`, async () => {
      const credentials = await registry().credentials();
      if (kind === "none") {
        expect(credentials).toBeNull();
        return;
      }
      expect(credentials?.kind).toBe(kind);
      if (credentials?.kind === "basic") {
        expect(credentials.username.length).toBeGreaterThan(0);
        expect(credentials.password.length).toBeGreaterThan(0);
      }
      if (credentials?.kind === "token") expect(credentials.token.length).toBeGreaterThan(0);
      if (credentials?.expiresAt !== undefined) expect(credentials.expiresAt).toBeInstanceOf(Date);
    }, timeout);

    itWith(
      kind !== "none",
      "never shows its credentials when printed or serialized",
      "this registry has no credentials",
      async () => {
        const r = registry();
        const credentials = await r.credentials();
        const secret = credentials?.kind === "basic" ? credentials.password : credentials?.kind === "token" ? credentials.token : "";
        expect(secret.length).toBeGreaterThan(0);
        const views = [inspect(r, { depth: 8, showHidden: false }), JSON.stringify(r) ?? "", String(r), `${r.uri} ${r.imageUri("x", "y")}`];
        for (const view of views) expect(view).not.toContain(secret);
      },
      timeout,
    );
  });
}
