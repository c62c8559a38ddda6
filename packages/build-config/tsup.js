// The one build preset: ESM with bundled .d.ts, Node 20 target. Every
// package's tsup.config.ts is `export default koanTsup({ entry: [...] })`.
import { defineConfig } from "tsup";

/** @param {{ entry: string[] | Record<string, string>, banner?: string }} options */
export function koanTsup(options) {
  return defineConfig({
    entry: options.entry,
    format: ["esm"],
    target: "node20",
    platform: "node",
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    // Keep `node:` in imports of built-ins. tsup strips it by default, and a
    // bare `timers/promises` in a bundle was resolved as a relative file by
    // vitest's module runner in a package testing against the built core.
    removeNodeProtocol: false,
    banner: options.banner ? { js: options.banner } : undefined,
  });
}
