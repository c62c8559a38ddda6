import type * as Yaml from "yaml";

/**
 * The yaml package, loaded on demand. It is CommonJS; bundled and imported
 * dynamically its API may sit on the namespace or on `default`.
 */
export async function loadYaml(): Promise<typeof Yaml> {
  const loaded = (await import("yaml")) as typeof Yaml & { default?: typeof Yaml };
  return typeof loaded.stringify === "function" ? loaded : (loaded.default as typeof Yaml);
}
