import { describe, expect, it } from "vitest";
import { InvalidConfigError, isComponentType, z } from "@koan/core";
import type { AnyFlavor, FlavorContext } from "@koan/core";
import { expectKoanError } from "./expect-error.js";
import { DEFAULT_TIMEOUT_MS } from "./suite.js";

export interface FlavorSuiteOptions {
  readonly flavor: AnyFlavor;
  /** A config the flavor accepts and can create a component from without a network. */
  readonly validConfig: Readonly<Record<string, unknown>>;
  /** Configs the schema must refuse, each with the field path the error must name. */
  readonly invalidConfigs: ReadonlyArray<{ readonly config: unknown; readonly path: string }>;
  /** Passed to `create`; defaults to a component named after the flavor in the current folder. */
  readonly context?: FlavorContext;
  /** The npm package that should be named as the flavor's `packageName`. */
  readonly packageName?: string;
  readonly timeoutMs?: number;
}

/**
 * What the CLI and stacks rely on in a flavor definition: a known component
 * type, a kebab-case name, a description, a zod schema that validates
 * configs naming the failing field and converts to JSON Schema (for
 * `--help`), and a `create` that returns a component of its type and flavor.
 */
export function flavorSuite(options: FlavorSuiteOptions): void {
  const { flavor } = options;
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  describe(`${flavor.type}/${flavor.name}: flavor definition`, () => {
    it("names a component type and a kebab-case flavor, with a description", () => {
      expect(isComponentType(flavor.type)).toBe(true);
      expect(flavor.name).toMatch(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
      expect(flavor.description.trim().length).toBeGreaterThan(0);
      if (options.packageName !== undefined) expect(flavor.packageName).toBe(options.packageName);
    });

    it("accepts the valid config", () => {
      expect(() => flavor.parseConfig(options.validConfig)).not.toThrow();
    });

    for (const { config, path } of options.invalidConfigs) {
      it(`refuses ${JSON.stringify(config)} with InvalidConfigError naming ${path}`, async () => {
        const error = await expectKoanError(() => flavor.parseConfig(config), InvalidConfigError, "INVALID_CONFIG");
        expect(error.issues.map((issue) => issue.path)).toContain(path);
      });
    }

    it("has a config schema the CLI can print as JSON Schema", () => {
      const schema = z.toJSONSchema(flavor.configSchema, { io: "input", unrepresentable: "any" });
      expect(typeof schema).toBe("object");
    });

    it("creates a component of its type and flavor", async () => {
      const component = await flavor.createComponent(options.validConfig, options.context ?? { componentName: flavor.name, repositoryRoot: process.cwd() });
      try {
        expect(component.type).toBe(flavor.type);
        expect(component.flavor).toBe(flavor.name);
        expect((component as { specVersion?: unknown }).specVersion).toBe(1);
      } finally {
        await component.close?.();
      }
    }, timeout);
  });
}
