import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import Module from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectCode, koan, project } from "./helpers/cli.js";

/*
 * The CLI's own compile cache (src/compile-cache.ts) on Node 20: V8's
 * compiled code of its chunks kept between runs. On Node 22.1+ Node's cache
 * is used instead and these files never appear.
 */
const nodeHasCompileCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === "function";
const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function cacheRoot(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "koan-compile-cache-test-"));
  folders.push(folder);
  return folder;
}

/** The cache files and their modification times, by name. */
async function cacheFiles(root: string): Promise<Map<string, number>> {
  const files = new Map<string, number>();
  for (const version of await readdir(root).catch(() => [])) {
    for (const file of await readdir(join(root, version))) files.set(file, (await stat(join(root, version, file))).mtimeMs);
  }
  return files;
}

// Skipped only where Node has its own compile cache (22.1+), which the CLI then uses instead; CI runs Node 20.
describe.skipIf(nodeHasCompileCache)(`the compile cache on Node 20${nodeHasCompileCache ? " (skipped: this Node has module.enableCompileCache, which the CLI uses instead)" : ""}`, () => {
  it("keeps compiled chunks after the first run and uses them, unchanged, afterwards", async () => {
    const dir = await project();
    const root = await cacheRoot();
    const env = { KOAN_COMPILE_CACHE: root };
    const first = expectCode(await koan(["stack", "list"], { cwd: dir, env }), 0);
    const made = await cacheFiles(root);
    // The program's chunk is cached; chunks of a few hundred bytes (like stack-list's) compile as fast without.
    expect([...made.keys()].some((file) => /^main-[A-Z0-9]{8}\.cjs\.v8$/.test(file))).toBe(true);
    expect([...made.keys()].some((file) => /^stack-list-[A-Z0-9]{8}\.cjs\.v8$/.test(file))).toBe(false);
    expect([...made.keys()].every((file) => file.endsWith(".cjs.v8"))).toBe(true);

    // Accepted data is not written again: a rejected file would be replaced.
    const second = expectCode(await koan(["stack", "list"], { cwd: dir, env }), 0);
    expect(second.stdout).toBe(first.stdout);
    const after = await cacheFiles(root);
    for (const [file, mtime] of made) expect(after.get(file), file).toBe(mtime);

    // Chunks that import() ES modules (integration discovery) work the same, with no warning, on a warm cache.
    for (let round = 0; round < 2; round++) {
      const listed = expectCode(await koan(["integration", "list"], { cwd: dir, env }), 0);
      expect(listed.stdout).toMatch(/^core +@koan\/core +built in/m);
      expect(listed.stderr).not.toMatch(/warning/i);
    }
  });

  it("replaces data V8 rejects, and runs without a cache it cannot write or when switched off", async () => {
    const dir = await project();
    const root = await cacheRoot();
    expectCode(await koan(["stack", "list"], { cwd: dir, env: { KOAN_COMPILE_CACHE: root } }), 0);
    const [version] = await readdir(root);
    const [file] = [...(await cacheFiles(root)).keys()].filter((name) => name.startsWith("main-"));
    const path = join(root, version as string, file as string);
    await writeFile(path, "not V8's code cache");
    const listed = expectCode(await koan(["stack", "list"], { cwd: dir, env: { KOAN_COMPILE_CACHE: root } }), 0);
    expect(listed.stdout).toMatch(/^\* +default/m);
    expect((await stat(path)).size).toBeGreaterThan("not V8's code cache".length);

    // A file where the folder should be: nothing can be cached, the command still works.
    const blocked = join(await cacheRoot(), "file");
    await writeFile(blocked, "");
    expect(expectCode(await koan(["stack", "list"], { cwd: dir, env: { KOAN_COMPILE_CACHE: blocked } }), 0).stdout).toMatch(/^\* +default/m);

    // Switched off: nothing in the default place (under the temporary folder), which is used when on.
    const temp = await cacheRoot();
    expectCode(await koan(["stack", "list"], { cwd: dir, env: { KOAN_COMPILE_CACHE: "off", TMPDIR: temp } }), 0);
    expect(await readdir(temp)).toEqual([]);
    expectCode(await koan(["stack", "list"], { cwd: dir, env: { TMPDIR: temp } }), 0);
    expect((await cacheFiles(join(temp, "koan-compile-cache"))).size).toBeGreaterThan(0);
  });
});
