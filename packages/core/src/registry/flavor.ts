import type { ComponentByType, ComponentType } from "@koan/contracts";
import { InvalidConfigError } from "@koan/contracts";
import { z } from "zod";
import { formatIssues } from "../util/zod-issues.js";

/** What a flavor's `create` is told besides its config. */
export interface FlavorContext {
  /** The component's registered name (or the flavor name for in-code components). */
  readonly componentName: string;
  /** The project folder that holds `.koan/`; relative paths in configs resolve against it. */
  readonly repositoryRoot: string;
}

/** A flavor's view of a whole stack, for its own rules. */
export interface StackRuleView {
  readonly name: string;
  /** The flavor of each component in the stack, by type. */
  readonly flavors: Readonly<Partial<Record<ComponentType, AnyFlavor>>>;
}

export interface FlavorDefinition<T extends ComponentType, S extends z.ZodType> {
  readonly type: T;
  readonly name: string;
  readonly description: string;
  /** Validates the config before any implementation code loads. */
  readonly configSchema: S;
  /** True when the component works across machines (an object store, a cluster). */
  readonly remote?: boolean;
  /** The npm package that provides it, for messages and `koan integration list`. */
  readonly packageName?: string;
  /** Builds the component. Import heavy SDKs here, lazily, so listing flavors stays fast. */
  create(config: z.output<S>, context: FlavorContext): Promise<ComponentByType[T]>;
  /** The flavor's own stack rules; each returned string is one problem. */
  stackRules?(stack: StackRuleView): string[];
}

/** A configured component, not yet created: a flavor plus a valid config. */
export interface ComponentSpec<T extends ComponentType = ComponentType> {
  readonly type: T;
  readonly flavor: string;
  /** Registered name; in-code components default to the flavor name. */
  readonly name: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly flavorDefinition: AnyFlavor;
}

export interface Flavor<T extends ComponentType, S extends z.ZodType> extends FlavorDefinition<T, S> {
  /** Validates `config` now and returns a component spec for `defineStack`. */
  configure(config: z.input<S>, options?: { name?: string }): ComponentSpec<T>;
  /** Validates a stored or user-supplied config; throws `InvalidConfigError` naming the field. */
  parseConfig(config: unknown): z.output<S>;
}

/** Any flavor, for registries and stacks that hold flavors of mixed types. */
export interface AnyFlavor {
  readonly type: ComponentType;
  readonly name: string;
  readonly description: string;
  readonly configSchema: z.ZodType;
  readonly remote?: boolean;
  readonly packageName?: string;
  parseConfig(config: unknown): unknown;
  createComponent(config: unknown, context: FlavorContext): Promise<ComponentByType[ComponentType]>;
  stackRules?(stack: StackRuleView): string[];
}

/**
 * Declares a flavor. The result can be registered (`registerFlavor`) so the
 * CLI and stored stacks find it by name, and configured in code:
 * `localArtifactStore.configure({ path: "artifacts" })`.
 */
export function defineFlavor<T extends ComponentType, S extends z.ZodType>(
  definition: FlavorDefinition<T, S>,
): Flavor<T, S> & AnyFlavor {
  const flavorId = `${definition.type}/${definition.name}`;
  const parseConfig = (config: unknown): z.output<S> => {
    const unknownKeys = unknownConfigKeys(definition.configSchema, config);
    if (unknownKeys.length > 0) {
      throw new InvalidConfigError(
        flavorId,
        unknownKeys.map((key) => ({ path: key, message: `unknown field; known fields: ${knownKeys(definition.configSchema).join(", ") || "none"}` })),
      );
    }
    const result = definition.configSchema.safeParse(config ?? {});
    if (!result.success) throw new InvalidConfigError(flavorId, formatIssues(result.error));
    return result.data;
  };
  const flavor: Flavor<T, S> & AnyFlavor = {
    ...definition,
    parseConfig,
    // async, so an invalid config rejects the returned promise instead of throwing synchronously.
    createComponent: async (config, context) => definition.create(parseConfig(config), context),
    configure(config, options) {
      // Validate eagerly so a typo fails where the stack is written, not at run time.
      parseConfig(config);
      return {
        type: definition.type,
        flavor: definition.name,
        name: options?.name ?? definition.name,
        // A copy: changing the caller's object later must not bypass validation.
        config: structuredClone(config) as Record<string, unknown>,
        flavorDefinition: flavor,
      };
    },
  };
  return flavor;
}

/**
 * Keys a plain (stripping) zod object would silently drop: almost always a
 * typo, so they are refused. Objects that opt into extra keys
 * (`z.looseObject`, `.catchall()`) are left alone.
 */
function unknownConfigKeys(schema: z.ZodType, config: unknown): string[] {
  if (!(schema instanceof z.ZodObject) || schema._zod.def.catchall !== undefined) return [];
  if (config === null || typeof config !== "object" || Array.isArray(config)) return [];
  const known = new Set(Object.keys(schema.shape));
  return Object.keys(config).filter((key) => !known.has(key));
}

function knownKeys(schema: z.ZodType): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}
