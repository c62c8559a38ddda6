import { existsSync, readFileSync } from "node:fs";
import { koanTsup } from "@koan/build-config/tsup";
import type { Options } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };
const base = koanTsup({
  entry: ["src/run-entry.ts"],
  // Bundled CommonJS code (yaml, the native SQLite binding's loader) calls require().
  banner: 'import { createRequire as __koanCreateRequire } from "node:module"; const require = __koanCreateRequire(import.meta.url);',
}) as Options;

/**
 * better-sqlite3's JavaScript (fourteen small CommonJS files) is bundled into
 * the SQLite chunk: resolving, reading and compiling them one by one took
 * about 3 ms of every `koan stack list`. The SQL store loads the driver with
 * createRequire, so that its own ES module build skips Node's lexing of
 * CommonJS; here that call becomes a plain `require`, which esbuild bundles.
 * The native addon stays a file, whose path the store passes as
 * `nativeBinding`, so the `bindings` lookup package stays external and unused.
 * The build fails if the store's source no longer matches.
 */
const bundledSqliteDriver = {
  name: "bundled-sqlite-driver",
  setup(build: { onLoad: Function }) {
    build.onLoad({ filter: /[\\/]sql-store[\\/]src[\\/]sqlite[\\/]database\.ts$/ }, async (args: { path: string }) => {
      const { readFile } = await import("node:fs/promises");
      const source = await readFile(args.path, "utf8");
      const runtimeRequire = 'requireFromHere("better-sqlite3")';
      if (!source.includes(runtimeRequire)) throw new Error(`${args.path} no longer has \`${runtimeRequire}\`: update the bundled-sqlite-driver plugin in packages/cli/tsup.config.ts`);
      return { contents: source.replace(runtimeRequire, 'require("better-sqlite3")'), loader: "ts" };
    });
  },
};

/**
 * Koan's own packages are bundled from their TypeScript sources, not from
 * their one-file dist bundles: esbuild splits chunks by file, so only then
 * does each command's chunk hold just the modules it uses (`koan stack list`
 * loads no zod, flavor registry or client). Falls back to the package's
 * entry when its sources are not there.
 */
const workspaceSources = {
  name: "workspace-sources",
  setup(build: { onResolve: Function; resolve: Function }) {
    build.onResolve({ filter: /^@koan\/(core|contracts|sql-store)(\/|$)/ }, async (args: { path: string; resolveDir: string; kind: string; pluginData?: unknown }) => {
      if (args.pluginData === "workspace-sources") return undefined;
      const resolved = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: "workspace-sources" });
      if (resolved.errors.length > 0) return resolved;
      const entry = /^(.*)\/dist\/([\w-]+)\.js$/.exec(resolved.path as string);
      const source = entry && [`${entry[1]}/src/${entry[2]}.ts`, `${entry[1]}/src/${entry[2]}/index.ts`].find((file) => existsSync(file));
      return { path: source ?? resolved.path };
    });
  },
};

/*
 * The CLI bundles its JavaScript dependencies (core, the SQL store, kysely,
 * zod, yaml) into a few chunks loaded per command. Node 20 spends
 * most of a short command's time resolving and reading module files (kysely
 * alone is 280 of them); bundled, `koan stack list` starts in about half the
 * time (see docs/benchmarks.md). tsx stays external: it is the loader of the
 * child process `koan run` starts.
 */
const bundled = {
  ...base,
  dts: false,
  minify: true,
  noExternal: [/^@koan\/(?!scaffold)/, "zod", "kysely", "yaml", "better-sqlite3"],
  // @koan/scaffold stays external: it finds its template files next to its own package.json.
  // Core's BLAKE3 implementations (a native addon, and WebAssembly as its fallback) are loaded with require() at run time, like better-sqlite3's addon.
  external: ["tsx", "tsx/esm", "tsx/esm/api", "@koan/scaffold", "@napi-rs/blake-hash", "hash-wasm", "bindings"],
  esbuildPlugins: [workspaceSources as never, bundledSqliteDriver as never],
  define: { __KOAN_CLI_VERSION__: JSON.stringify(version) },
} satisfies Options;

/**
 * The bin's chunks load each other with `require`, not `import()`. Rollup
 * (tsup's CommonJS output with splitting) keeps `import("./chunk.cjs")`,
 * which would send every command through Node's ES module loader after all.
 * The replacement `_kreq_(` is as long as `import(`, so the source maps stay
 * exact; imports of packages (integrations, tsx, the scaffold, which may be
 * ES modules) keep `import()`.
 */
const requireChunks = {
  name: "require-chunks",
  renderChunk(code: string) {
    return { code: code.replace(/\bimport\((?=["']\.\/[\w-]+\.cjs["']\))/g, "_kreq_(") };
  },
};

/*
 * Two builds. The `koan` binary is CommonJS: Node 20 starts a CommonJS entry
 * with no ES module loader, which took about 25 ms of CPU off `koan --help`
 * on the development VM (and Node 22's compile cache covers it the same
 * way). `run-entry.js`, which `koan run` starts under tsx's loader, stays an
 * ES module: it imports the user's script with top-level await.
 */
const config: Options[] = [
  {
    ...bundled,
    entry: ["src/bin.ts"],
    format: ["cjs"],
    splitting: true,
    // import.meta.url (the native binding's and run-entry's locations) from __filename.
    shims: true,
    banner: { js: "const _kreq_ = (id) => Promise.resolve().then(() => require(id));" },
    plugins: [requireChunks],
    // Both builds write to dist/: this one cleans it, keeping the other's output.
    clean: ["!run-entry.js", "!run-entry.js.map"],
  },
  {
    ...bundled,
    entry: ["src/run-entry.ts"],
    splitting: false,
    clean: false,
  },
];

export default config;
