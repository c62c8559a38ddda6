import { readFileSync } from "node:fs";
import { koanTsup } from "@koan/build-config/tsup";
import type { Options } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };
const base = koanTsup({
  entry: ["src/bin.ts", "src/run-entry.ts"],
  // Bundled CommonJS code (commander, yaml, the native SQLite binding's loader) calls require().
  banner: 'import { createRequire as __koanCreateRequire } from "node:module"; const require = __koanCreateRequire(import.meta.url);',
}) as Options;

/** Native modules are loaded with require(), not import: importing CommonJS from ESM makes Node lex its source first. */
const requireNative = {
  name: "require-native",
  setup(build: { onResolve: Function; onLoad: Function }) {
    build.onResolve({ filter: /^better-sqlite3$/ }, (args: { namespace: string; path: string }) =>
      args.namespace === "require-native" ? { path: args.path, external: true } : { path: args.path, namespace: "require-native" },
    );
    build.onLoad({ filter: /.*/, namespace: "require-native" }, (args: { path: string }) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
};

/*
 * The CLI bundles its JavaScript dependencies (core, the SQL store, kysely,
 * zod, commander, yaml) into a few chunks loaded per command. Node 20 spends
 * most of a short command's time resolving and reading module files (kysely
 * alone is 280 of them); bundled, `koan stack list` starts in about half the
 * time (see docs/benchmarks.md). tsx stays external: it is the loader of the
 * child process `koan run` starts.
 */
const config: Options = {
  ...base,
  dts: false,
  minify: true,
  noExternal: [/^@koan\/(?!scaffold)/, "zod", "kysely", "commander", "yaml", "better-sqlite3"],
  // @koan/scaffold stays external: it finds its template files next to its own package.json.
  external: ["tsx", "tsx/esm", "tsx/esm/api", "@koan/scaffold"],
  esbuildPlugins: [requireNative as never],
  define: { __KOAN_CLI_VERSION__: JSON.stringify(version) },
};

export default config;
