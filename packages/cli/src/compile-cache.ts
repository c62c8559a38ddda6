import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import vm from "node:vm";

/*
 * Compiling the CLI's JavaScript is a large part of a short command's
 * start-up. Node 22.1 and later keep V8's compiled code between runs
 * (`module.enableCompileCache()`); Node 20 does not, so there the CLI keeps
 * it itself, for its own chunks only, the way Node 22 does for every module.
 *
 * A chunk's name carries a hash of its content (esbuild names them so), so a
 * cache file named after the chunk can only belong to that exact code; V8
 * also checks the source's length and its own version and flags, and ignores
 * (rejects) data that does not match. Files without a content hash in their
 * name are compiled as usual.
 */

type CompileFunction = (this: NodeModule, content: string, filename: string) => unknown;
type Wrapper = (exports: unknown, require: NodeJS.Require, module: NodeModule, filename: string, dirname: string) => unknown;

/** esbuild's chunk names: `chunk-ABCDEFGH.cjs`, `stack-list-ABCDEFGH.cjs`. */
export const CONTENT_HASHED = /-[A-Z0-9]{8}\.cjs$/;

/**
 * Chunks that import ES modules (integration packages, tsx, the scaffold)
 * compile as usual: code compiled through `vm` can use `import()` only with
 * an experimental flag or an experimental-feature warning. None of them is on
 * the way of `koan --help` or `koan stack list`.
 */
const IMPORTS = /\bimport\(/;

/**
 * Chunks shorter than this compile as usual too: V8 compiles a chunk of a
 * few hundred bytes as fast as it reads and checks a cache file for it
 * (about 0.1 ms either way on the development VM), and the CLI has many.
 */
const MIN_CACHED_LENGTH = 4096;

/** The folder holding the compiled code, one per Node version and platform (V8's data fits only the V8 that made it). */
export function compileCacheFolder(): string {
  const base = process.env.KOAN_COMPILE_CACHE ?? join(tmpdir(), "koan-compile-cache");
  return join(base, `${process.version}-${process.platform}-${process.arch}`);
}

/**
 * Keeps V8's compiled code of the content-hashed chunks in `chunksFolder`
 * between runs. Returns whether it did anything: on Node 22.1+ Node's own
 * compile cache is switched on instead, and `KOAN_COMPILE_CACHE=off` turns
 * both off.
 */
export function enableCompileCache(chunksFolder: string): "node" | "koan" | "off" {
  if (process.env.KOAN_COMPILE_CACHE === "off") return "off";
  const nodeCache = (Module as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (nodeCache) {
    nodeCache();
    return "node";
  }
  const folder = compileCacheFolder();
  const prototype = Module.prototype as unknown as { _compile: CompileFunction };
  const compile = prototype._compile;
  const produced: { script: vm.Script; file: string }[] = [];

  prototype._compile = function (content, filename) {
    if (content.length < MIN_CACHED_LENGTH || dirname(filename) !== chunksFolder || !CONTENT_HASHED.test(filename) || IMPORTS.test(content)) {
      return compile.call(this, content, filename);
    }
    const file = join(folder, `${basename(filename)}.v8`);
    const cachedData = readIfPresent(file);
    const script = new vm.Script(Module.wrap(content), {
      filename,
      ...(cachedData ? { cachedData } : {}),
    });
    if (!cachedData || script.cachedDataRejected) produced.push({ script, file });
    const wrapper = script.runInThisContext() as Wrapper;
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
  };

  // At exit, so the data includes the functions this run compiled lazily (most of them).
  process.once("exit", () => {
    for (const { script, file } of produced) writeQuietly(file, script.createCachedData());
  });
  return "koan";
}

/** What Node passes a CommonJS module as `require`: the parts the chunks use. */
function requireFor(module: NodeModule): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolveFilename = (Module as unknown as { _resolveFilename(request: string, parent: NodeModule): string })._resolveFilename;
  require.resolve = ((request: string) => resolveFilename(request, module)) as NodeJS.RequireResolve;
  require.cache = (Module as unknown as { _cache: NodeJS.Require["cache"] })._cache;
  require.main = process.mainModule;
  return require;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Temp file and rename: a concurrent `koan` never reads half a file. A cache that cannot be written is only slower. */
function writeQuietly(file: string, data: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, data);
    renameSync(temp, file);
  } catch {
    // A read-only or full temporary folder: run without the cache, and leave no temp file.
    try {
      rmSync(temp, { force: true });
    } catch {
      // No folder to write in, so no temp file either.
    }
  }
}
