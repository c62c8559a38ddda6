#!/usr/bin/env node
// The package checks: every workspace package under packages/, integrations/
// and templates/ is checked before it can be published.
//
//   node scripts/check-packages.mjs                      every package, every check (build first)
//   node scripts/check-packages.mjs --only DIR ...       the packages in DIR, every check
//   node scripts/check-packages.mjs --pack-closure DIR   every package's static checks, and
//                                                        publint/attw for DIR and the workspace
//                                                        packages it depends on (built before it)
//   add --json for a machine-readable report
//
// Static checks (no build needed): `exports` whose JavaScript targets have
// `types` (listed first); a README with install and usage; a LICENSE; ESM
// and Node >= 20; integrations are named `@koan/<folder>`, declare the
// `"koan"` discovery field and peer-depend on `@koan/core` (never depend on
// it), as do the template and @koan/testing. Pack checks: `npm pack`, then
// publint and are-the-types-wrong (ESM-only profile) on the tarball. The
// CLI's table of known integrations must match integrations/ exactly.
//
// In `npm test`, packages/scaffold/test/check-packages.test.ts runs this
// with --pack-closure; every other publishable package runs the pack checks
// on itself after its own build, from test/package.test.ts
// (`--only .`), which the static checks require.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const GROUPS = ["packages", "integrations", "templates"];
const KNOWN_INTEGRATIONS_FILE = join("packages", "cli", "src", "integrations", "known-integrations.ts");
/** Packages that must peer-depend on @koan/core besides integrations/*. */
const CORE_PEERS = new Set(["@koan/testing", "@koan/integration-template"]);
/** Resolution modes an ESM-only package does not support (attw's "esm-only" profile). */
const IGNORED_RESOLUTIONS = new Set(["node10", "node16-cjs"]);
const SELF_CHECK = join("test", "package.test.ts");

// publint and attw are dev dependencies of @koan/scaffold (hoisted to the root).
const here = dirname(fileURLToPath(import.meta.url));
const requireTools = createRequire(join(here, "..", "packages", "scaffold", "package.json"));

function parseArgs(argv) {
  const options = { only: [], packClosure: undefined, json: false, root: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--only") options.only.push(resolve(argv[++i] ?? "."));
    else if (arg === "--pack-closure") options.packClosure = resolve(argv[++i] ?? ".");
    else if (arg === "--json") options.json = true;
    else if (arg === "--root") options.root = resolve(argv[++i] ?? ".");
    else if (arg === "--help" || arg === "-h") {
      console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1, 10).join("\n").replace(/^\/\/ ?/gm, ""));
      process.exit(0);
    } else throw new Error(`Unknown argument ${arg}; see --help`);
  }
  return options;
}

/** The nearest folder at or above `start` whose package.json declares workspaces. */
function findWorkspaceRoot(start) {
  for (let folder = start; ; folder = dirname(folder)) {
    const manifest = join(folder, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).workspaces) return folder;
    if (dirname(folder) === folder) throw new Error(`No package.json with workspaces at or above ${start}`);
  }
}

function readPackage(dir, root) {
  const manifestPath = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const rel = relative(root, dir).split(sep).join("/");
  return { dir, rel, group: rel.split("/")[0], folder: basename(dir), name: manifest.name ?? rel, manifest, problems: [], notes: [] };
}

function workspacePackages(root) {
  const found = [];
  for (const group of GROUPS) {
    const folder = join(root, group);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      const dir = join(folder, name);
      if (statSync(dir).isDirectory() && existsSync(join(dir, "package.json"))) found.push(readPackage(dir, root));
    }
  }
  return found;
}

// ---------------------------------------------------------------- static checks

/** Every leaf of an `exports` value, with the condition object that holds it. */
function exportLeaves(value, subpath, holder, out = []) {
  if (typeof value === "string") out.push({ subpath, target: value, holder });
  else if (Array.isArray(value)) for (const item of value) exportLeaves(item, subpath, holder, out);
  else if (value && typeof value === "object") for (const [key, inner] of Object.entries(value)) exportLeaves(inner, subpath, value, out);
  return out;
}

function checkExports(pkg) {
  const { exports } = pkg.manifest;
  if (exports === undefined) return pkg.problems.push('package.json has no "exports"');
  const entries = typeof exports === "string" || Object.keys(exports).every((k) => !k.startsWith(".")) ? { ".": exports } : exports;
  let jsTargets = 0;
  for (const [subpath, value] of Object.entries(entries)) {
    for (const leaf of exportLeaves(value, subpath, null)) {
      if (!/\.(c|m)?js$/.test(leaf.target)) continue;
      jsTargets++;
      const types = leaf.holder?.types;
      if (typeof types !== "string") pkg.problems.push(`exports["${subpath}"] points to ${leaf.target} without a "types" condition`);
      else if (Object.keys(leaf.holder)[0] !== "types") pkg.problems.push(`exports["${subpath}"]: "types" must be the first condition`);
    }
  }
  const bin = pkg.manifest.bin;
  if (jsTargets === 0 && !bin) pkg.problems.push('"exports" names no JavaScript module and the package has no "bin"');
}

function checkDocs(pkg) {
  const readme = join(pkg.dir, "README.md");
  if (!existsSync(readme) || readFileSync(readme, "utf8").trim() === "") pkg.problems.push("README.md is missing or empty");
  else if (!pkg.manifest.private) {
    const text = readFileSync(readme, "utf8");
    if (!/npm (install|i) /.test(text)) pkg.problems.push("README.md does not show how to install the package (npm install ...)");
    if (!text.includes("```")) pkg.problems.push("README.md shows no usage example (a code block)");
  }
  if (!existsSync(join(pkg.dir, "LICENSE"))) pkg.problems.push("LICENSE is missing (copy the repository's LICENSE)");
  if (!pkg.manifest.license) pkg.problems.push('package.json has no "license"');
}

function checkModuleFormat(pkg) {
  if (pkg.manifest.type !== "module") pkg.problems.push('package.json must say "type": "module" (Koan packages are ESM only)');
  if (!pkg.manifest.private && !pkg.manifest.engines?.node) pkg.problems.push('package.json has no "engines.node" (Koan needs Node >= 20)');
}

function checkCorePeer(pkg) {
  const isIntegration = pkg.group === "integrations";
  const needsPeer = isIntegration || CORE_PEERS.has(pkg.name) || pkg.manifest.koan !== undefined;
  if (isIntegration && pkg.name !== `@koan/${pkg.folder}`) {
    pkg.problems.push(`integrations/${pkg.folder} must be named "@koan/${pkg.folder}", not "${pkg.name}"`);
  }
  if (isIntegration && typeof pkg.manifest.koan?.flavors !== "string") {
    pkg.problems.push('package.json has no "koan": { "flavors": "./dist/flavors.js" } field, so the CLI cannot discover it');
  }
  if (!needsPeer) return;
  if (!pkg.manifest.peerDependencies?.["@koan/core"]) pkg.problems.push('"@koan/core" must be a peerDependency');
  if (pkg.manifest.dependencies?.["@koan/core"]) pkg.problems.push('"@koan/core" must not be a dependency (make it a peerDependency)');
}

// ---------------------------------------------------------------- pack checks

function exportTargets(manifest) {
  const { exports } = manifest;
  if (exports === undefined) return [];
  return exportLeaves(exports, ".", null)
    .map((leaf) => leaf.target)
    .filter((target) => target.startsWith("./") && !target.includes("*"));
}

async function packChecks(pkg) {
  const missing = exportTargets(pkg.manifest).filter((target) => !existsSync(join(pkg.dir, target)));
  if (missing.length > 0) {
    pkg.problems.push(`not built: ${missing.join(", ")} missing; run \`npm run build -w ${pkg.name}\` before the pack checks`);
    return;
  }
  const out = mkdtempSync(join(tmpdir(), "koan-pack-"));
  try {
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], { cwd: pkg.dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }),
    );
    const tarball = readFileSync(join(out, packed[0].filename));
    const files = new Set(packed[0].files.map((f) => f.path));
    const flavors = pkg.manifest.koan?.flavors;
    if (typeof flavors === "string" && !files.has(flavors.replace(/^\.\//, ""))) pkg.problems.push(`the "koan" field's ${flavors} is not in the packed tarball`);
    await runPublint(pkg, tarball);
    // A command-line-only package (bin, no JavaScript export) has no types to check.
    if (exportTargets(pkg.manifest).some((target) => /\.(c|m)?js$/.test(target))) await runAttw(pkg, tarball);
    else pkg.notes.push("exports no JavaScript module: are-the-types-wrong skipped");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function runPublint(pkg, tarball) {
  const { publint } = await import(requireTools.resolve("publint"));
  const { formatMessage } = await import(requireTools.resolve("publint/utils"));
  const buffer = tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength);
  const { messages, pkg: manifest } = await publint({ pkgDir: "package", pack: { tarball: buffer }, level: "suggestion" });
  for (const message of messages) {
    const text = `publint ${message.type}: ${formatMessage(message, manifest, { color: false }) ?? message.code}`;
    if (message.type === "suggestion") pkg.notes.push(text);
    else pkg.problems.push(text);
  }
}

async function runAttw(pkg, tarball) {
  const { checkPackage, createPackageFromTarballData } = await import(requireTools.resolve("@arethetypeswrong/core"));
  const result = await checkPackage(createPackageFromTarballData(new Uint8Array(tarball)));
  if (result.types === false) return pkg.problems.push("are-the-types-wrong: the package ships no types");
  for (const problem of result.problems) {
    if (problem.resolutionKind && IGNORED_RESOLUTIONS.has(problem.resolutionKind)) continue;
    const where = problem.entrypoint ? ` at "${problem.entrypoint}" (${problem.resolutionKind})` : problem.fileName ? ` in ${problem.fileName}` : "";
    pkg.problems.push(`are-the-types-wrong: ${problem.kind}${where}`);
  }
}

// ---------------------------------------------------------------- known integrations

/** Non-built-in package names of the CLI's table, read from its source (each row an object literal). */
function knownIntegrations(root) {
  const file = join(root, KNOWN_INTEGRATIONS_FILE);
  if (!existsSync(file)) return undefined;
  const source = readFileSync(file, "utf8");
  const names = [];
  const row = /packageName\s*:\s*["'`](@?[^"'`]+)["'`]/g;
  for (let match = row.exec(source); match; match = row.exec(source)) {
    const start = source.lastIndexOf("{", match.index);
    const end = source.indexOf("}", match.index);
    if (!/builtIn\s*:\s*true/.test(source.slice(start, end))) names.push(match[1]);
  }
  return { file: relative(root, file), names };
}

function checkKnownIntegrations(root, packages) {
  const known = knownIntegrations(root);
  if (!known) {
    return { checked: false, problems: [], note: `${KNOWN_INTEGRATIONS_FILE} does not exist: the known-integrations check was skipped` };
  }
  const present = packages.filter((p) => p.group === "integrations").map((p) => p.name);
  const problems = [
    ...present.filter((n) => !known.names.includes(n)).map((n) => `${n} is in integrations/ but not in ${known.file}: add a row for it`),
    ...known.names.filter((n) => !present.includes(n)).map((n) => `${n} is in ${known.file} but there is no integrations/ package of that name`),
  ];
  const duplicates = known.names.filter((n, i) => known.names.indexOf(n) !== i);
  for (const name of new Set(duplicates)) problems.push(`${name} is listed twice in ${known.file}`);
  return { checked: true, problems, note: `${known.file}: ${known.names.length} integration(s), integrations/: ${present.length}` };
}

// ---------------------------------------------------------------- main

function dependencyClosure(start, packages) {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const seen = new Set();
  const visit = (pkg) => {
    if (!pkg || seen.has(pkg)) return;
    seen.add(pkg);
    const { dependencies = {}, devDependencies = {}, peerDependencies = {} } = pkg.manifest;
    for (const name of Object.keys({ ...dependencies, ...devDependencies, ...peerDependencies })) visit(byName.get(name));
  };
  visit(start);
  return seen;
}

/** Packages the pack checks apply to: those that build something to publish (or to copy, like the template). */
function packs(pkg) {
  return typeof pkg.manifest.scripts?.build === "string" && pkg.manifest.exports !== undefined;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const root = options.root ?? findWorkspaceRoot(options.only[0] ?? options.packClosure ?? process.cwd());
  const all = workspacePackages(root);
  const selected = options.only.length > 0 ? options.only.map((dir) => all.find((p) => p.dir === dir) ?? readPackage(dir, root)) : all;
  const closure = options.packClosure ? dependencyClosure(all.find((p) => p.dir === options.packClosure), all) : undefined;

  for (const pkg of selected) {
    checkExports(pkg);
    checkDocs(pkg);
    checkModuleFormat(pkg);
    checkCorePeer(pkg);
    if (!packs(pkg)) {
      pkg.notes.push("no build: publint and are-the-types-wrong skipped");
      continue;
    }
    if (!closure || closure.has(pkg)) await packChecks(pkg);
    else if (!pkg.manifest.private && !existsSync(join(pkg.dir, SELF_CHECK))) {
      pkg.problems.push(
        `publint and are-the-types-wrong never run on it: add ${SELF_CHECK} running \`node scripts/check-packages.mjs --only .\` after its build (see docs/integrations.md)`,
      );
    } else pkg.notes.push(`pack checks run by its own ${SELF_CHECK}`);
  }
  const known = options.only.length > 0 ? undefined : checkKnownIntegrations(root, all);

  const failed = selected.filter((p) => p.problems.length > 0).length + (known && known.problems.length > 0 ? 1 : 0);
  if (options.json) {
    const report = {
      root,
      packages: selected.map(({ name, rel, problems, notes }) => ({ name, dir: rel, problems, notes })),
      knownIntegrations: known ?? null,
      failed,
    };
    console.log(JSON.stringify(report, null, 2));
  } else {
    for (const pkg of selected) {
      console.log(`${pkg.problems.length ? "✗" : "✓"} ${pkg.name} (${pkg.rel})`);
      for (const problem of pkg.problems) console.log(`    ${problem}`);
    }
    if (known) {
      console.log(`${known.problems.length ? "✗" : known.checked ? "✓" : "-"} known integrations: ${known.note}`);
      for (const problem of known.problems) console.log(`    ${problem}`);
    }
    console.log(failed ? `\ncheck-packages: ${failed} failing` : "\ncheck-packages: all good");
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(2);
});
