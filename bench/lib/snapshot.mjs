// A snapshot of the built Koan packages and of the Koan benchmark scripts in
// the run's work folder. Every Koan process of a run loads the snapshot, so a
// rebuild of packages/*/dist during a long run (tsup empties dist/ first)
// cannot break or change it. Module resolution is the same as from the
// repository: @koan/* from the snapshot's node_modules, everything else (zod,
// kysely, better-sqlite3) from the repository's node_modules further up.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function snapshotKoan(repoRoot, benchRoot, into) {
  const packages = new Set();
  const visit = (name) => {
    if (packages.has(name)) return;
    const folder = join(repoRoot, "packages", name.slice("@koan/".length));
    const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
    if (!existsSync(join(folder, "dist"))) throw new Error(`${name} is not built (${folder}/dist is missing): run npm run build`);
    packages.add(name);
    for (const dep of Object.keys(manifest.dependencies ?? {})) if (dep.startsWith("@koan/")) visit(dep);
  };
  visit("@koan/core");
  for (const name of packages) {
    const from = join(repoRoot, "packages", name.slice("@koan/".length));
    const to = join(into, "node_modules", name);
    mkdirSync(to, { recursive: true });
    cpSync(join(from, "package.json"), join(to, "package.json"));
    cpSync(join(from, "dist"), join(to, "dist"), { recursive: true, filter: (source) => !source.endsWith(".map") });
  }
  for (const folder of ["koan", "lib"]) cpSync(join(benchRoot, folder), join(into, "bench", folder), { recursive: true });
  writeFileSync(join(into, "package.json"), `${JSON.stringify({ private: true, type: "module" })}\n`);
  return join(into, "bench");
}
