import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/*
 * Start-up time is measured by bench/cli/startup.mjs; this checks what makes
 * it: which source modules the built CLI loads before a command runs. It
 * follows the `require` calls of the built chunks (the binary is CommonJS;
 * commands load their own chunks later, through `_kreq_`) and reads their
 * source maps. A `require` anywhere in a chunk counts, even inside a function
 * that may never run: the check errs on the side of "loaded".
 */

const dist = fileURLToPath(new URL("../dist/", import.meta.url));

/**
 * The source files (from the source maps) of a chunk and every chunk it
 * imports statically, and the Node built-in modules they import.
 */
function loadedBy(chunk: string): { sources: string[]; builtins: string[] } {
  const seen = new Set<string>();
  const sources = new Set<string>();
  const builtins = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(dist, file), "utf8");
    for (const match of code.matchAll(/\brequire\(\s*['"]([\w.:/-]+)['"]\s*\)/g)) {
      const specifier = match[1] as string;
      if (specifier.startsWith("./")) visit(specifier.slice(2));
      else builtins.add(specifier.replace(/^node:/, ""));
    }
    const map = JSON.parse(readFileSync(join(dist, `${file}.map`), "utf8")) as { sources: string[] };
    for (const source of map.sources) sources.add(source);
  };
  visit(chunk);
  return { sources: [...sources], builtins: [...builtins] };
}

function chunkOf(command: string): string {
  const file = readdirSync(dist).find((f) => f.startsWith(`${command}-`) && f.endsWith(".cjs"));
  if (!file) throw new Error(`No chunk for ${command} in ${dist}: build the CLI first`);
  return file;
}

describe("the modules a command loads", () => {
  it("`koan --help` loads no part of core, SQLite, zod or kysely", () => {
    // bin.cjs switches the compile cache and direct chunk resolution on, then loads the program's chunk.
    expect(loadedBy("bin.cjs").sources.filter((s) => !/(^|\/)src\/(bin|compile-cache|chunk-resolution)\.ts$|cjs_shims/.test(s))).toEqual([]);
    const { sources, builtins } = loadedBy(chunkOf("main"));
    // The command line is read by the CLI's own parser, and no command-line library comes with it.
    expect(sources.some((s) => s.endsWith("src/command-line/parse.ts"))).toBe(true);
    expect(sources.filter((s) => s.includes("node_modules/") && !s.includes("cjs_shims"))).toEqual([]);
    // Output goes to the descriptors with node:fs: node:net and node:tty (Node's stdout and stderr streams) are not loaded.
    expect(builtins.filter((b) => b !== "module" && b !== "fs")).toEqual([]);
    expect(sources.filter((s) => /core\/src|sql-store|node_modules\/(zod|kysely|better-sqlite3)/.test(s))).toEqual([]);
  });

  it("`koan stack list` loads core's repository but no zod, flavor registry, client or YAML before it opens the store", () => {
    const { sources, builtins } = loadedBy(chunkOf("stack-list"));
    expect(sources.some((s) => s.includes("core/src/repository/repository.ts"))).toBe(true);
    expect(sources.filter((s) => /node_modules\/(zod|yaml)|core\/src\/(registry|client|discovery|engine|materializers)/.test(s))).toEqual([]);
    // It reads the small config with node:fs's synchronous calls: node:fs/promises alone took over a millisecond to load.
    expect(builtins).toContain("fs");
    expect(builtins).not.toContain("fs/promises");
    expect(builtins).not.toContain("crypto");
  });

  it("`koan run FILE` starts the script without loading zod, the flavor registry or the engine (the script loads its own core)", () => {
    const { sources } = loadedBy(chunkOf("run-script"));
    expect(sources.some((s) => s.includes("core/src/repository/repository.ts"))).toBe(true);
    expect(sources.filter((s) => /node_modules\/(zod|yaml|kysely)|core\/src\/(registry|client|discovery|engine|materializers)/.test(s))).toEqual([]);
  });

  it("opening an up-to-date SQLite store (what `koan stack list` does) loads no kysely, query code, migrations or node:crypto", () => {
    // Core imports the store's light entry on demand; find the chunk holding it.
    const entry = readdirSync(dist)
      .filter((f) => f.endsWith(".cjs.map"))
      .find((f) => (JSON.parse(readFileSync(join(dist, f), "utf8")) as { sources: string[] }).sources.some((s) => s.endsWith("sql-store/src/sqlite/open.ts")));
    if (!entry) throw new Error(`No chunk holds sql-store/src/sqlite/open.ts in ${dist}`);
    const { sources, builtins } = loadedBy(entry.replace(/\.map$/, ""));
    expect(sources.some((s) => s.endsWith("sql-store/src/sqlite/stack-reads.ts"))).toBe(true);
    expect(sources.filter((s) => /node_modules\/kysely|sql-store\/src\/(store|migrations\/(?!latest))|sqlite\/(kysely-store|dialect)/.test(s))).toEqual([]);
    expect(builtins).not.toContain("crypto");
  });

  it("the other stack commands still have what they need", () => {
    const { sources } = loadedBy(chunkOf("stack"));
    expect(sources.some((s) => s.includes("node_modules/zod"))).toBe(true);
    expect(sources.some((s) => s.includes("core/src/registry/flavor-registry.ts"))).toBe(true);
  });
});
