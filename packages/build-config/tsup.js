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
    banner: options.banner ? { js: options.banner } : undefined,
  });
}
