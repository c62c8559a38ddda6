#!/usr/bin/env node
// Koan against ZenML on the same machine in the same run. See bench/README.md.
//
//   node bench/run.mjs                       all workloads, full size; writes docs/benchmarks.md
//   node bench/run.mjs --quick               small sizes (under a minute a workload); writes nothing
//   node bench/run.mjs --quick --koan-only   Koan only, small sizes: what CI runs
//   node bench/run.mjs --only chain,fanout   some workloads
//   node bench/run.mjs --profile             CPU profiles of the Koan processes, summarised at the end
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { describeMachine } from "./lib/machine.mjs";
import { killChildren, lastJson, run } from "./lib/proc.mjs";
import { formatSummary, profileFiles, summariseProfiles } from "./lib/profile-summary.mjs";
import { renderReport, renderWorkload, writeDocs } from "./lib/report.mjs";
import { snapshotKoan } from "./lib/snapshot.mjs";
import { createZenmlProject, ensureZenml } from "./lib/zenml.mjs";
import { artifactsWorkload } from "./workloads/artifacts.mjs";
import { cliWorkload } from "./workloads/cli.mjs";
import { metadataWorkload } from "./workloads/metadata.mjs";
import { noopWorkloadCached, noopWorkloadOff } from "./workloads/noop.mjs";
import { scaleWorkload } from "./workloads/scale.mjs";

const benchRoot = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchRoot, "..");
const stateDir = join(repoRoot, ".bench");

const WORKLOADS = [cliWorkload, noopWorkloadOff, noopWorkloadCached, scaleWorkload, artifactsWorkload, metadataWorkload];
const NAMES = ["cli", "noop", "cached", "chain", "fanout", "artifacts", "metadata"];
const ALIASES = { scale: ["chain", "fanout"], pipelines: ["noop", "cached"] };

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    "koan-only": { type: "boolean", default: false },
    only: { type: "string" },
    rounds: { type: "string" },
    "zenml-scale-rounds": { type: "string" },
    "zenml-timeout": { type: "string", default: "600" },
    profile: { type: "boolean", default: false },
    build: { type: "boolean", default: true },
    "no-build": { type: "boolean", default: false },
    write: { type: "boolean" },
    "no-write": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  process.stdout.write(`usage: node bench/run.mjs [options]

  --quick                 small sizes, 1-2 rounds: each workload in under a minute; does not write the docs
  --koan-only             skip ZenML (no Python needed)
  --only a,b              workloads: ${NAMES.join(", ")} (also: scale = chain,fanout; pipelines = noop,cached)
  --rounds N              rounds per workload (default: 5, CLI 10; quick: 1, CLI 2)
  --zenml-scale-rounds N  ZenML rounds of the 1,000-step pipelines (default 1: they take minutes)
  --zenml-timeout S       give up on a ZenML scale run after S seconds (default 600)
  --profile               write CPU profiles of Koan's processes to .bench/profiles/ and summarise them
  --no-build              do not build the packages first
  --write / --no-write    write docs/benchmarks.md (default: only for a full run of every workload)
  --keep                  keep the work folder under .bench/work/
`);
  process.exit(0);
}

const selected = new Set(
  (values.only ?? NAMES.join(","))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((name) => {
      if (ALIASES[name]) return ALIASES[name];
      if (!NAMES.includes(name)) {
        process.stderr.write(`bench: unknown workload "${name}"; choose from ${NAMES.join(", ")}, scale, pipelines\n`);
        process.exit(2);
      }
      return [name];
    }),
);
const everything = NAMES.every((n) => selected.has(n));
const write = values["no-write"] ? false : (values.write ?? (everything && !values.quick && !values["koan-only"]));
const quick = values.quick;
const koanOnly = values["koan-only"];

const started = new Date();
const stamp = started.toISOString().replace(/[:.]/g, "-").slice(0, 19);
const workDir = join(stateDir, "work", stamp);
const profileDir = values.profile ? join(stateDir, "profiles", stamp) : null;
mkdirSync(workDir, { recursive: true });

const log = (message) => process.stderr.write(`bench: ${message}\n`);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    killChildren();
    if (!values.keep) rmSync(workDir, { recursive: true, force: true });
    process.stderr.write(`bench: stopped by ${signal}\n`);
    process.exit(130);
  });
}
const koanEnv = { ...process.env, NO_COLOR: "1" };
for (const key of ["KOAN_REPOSITORY", "KOAN_STORE_URL"]) delete koanEnv[key];

const ctx = {
  repoRoot,
  benchRoot,
  workDir,
  quick,
  koanOnly,
  node: process.execPath,
  koanEnv,
  rounds: values.rounds ? Number(values.rounds) : undefined,
  zenmlScaleRounds: values["zenml-scale-rounds"] ? Number(values["zenml-scale-rounds"]) : undefined,
  zenmlTimeoutMs: Number(values["zenml-timeout"]) * 1000,
  zenml: null,
  koanProject: join(workDir, "koan-project"),
  selected: (name) => selected.has(name),
  progress: (message) => log(message),
  /** A Koan process: node SCRIPT ARGS, with a CPU profile under --profile. */
  runKoan(script, args, { cwd, label, timeoutMs } = {}) {
    const prof = profileDir && label ? ["--cpu-prof", "--cpu-prof-dir", join(profileDir, label)] : [];
    return run(process.execPath, [...prof, script, ...args], { cwd: cwd ?? workDir, env: koanEnv, timeoutMs: timeoutMs ?? 600_000 });
  },
  /** A ZenML process: python pipelines.py ARGS in the ZenML project. */
  runZenml(args, { timeoutMs } = {}) {
    return run(ctx.zenml.python, [ctx.zenml.script, ...args], { cwd: ctx.zenml.dir, env: ctx.zenml.env, timeoutMs: timeoutMs ?? 600_000 });
  },
};

const chosen = WORKLOADS.filter((w) => (w.cases ?? [w.id]).some((c) => selected.has(c)));
let failed = false;
const results = [];

try {
  if (values.build && !values["no-build"]) await build();
  // Koan's scripts run from a snapshot of the build (see lib/snapshot.mjs); the harness itself stays here.
  ctx.koanBench = snapshotKoan(repoRoot, benchRoot, join(workDir, "snapshot"));

  if (!koanOnly && chosen.some((w) => w.usesZenml)) {
    const install = await ensureZenml(stateDir, log);
    log("creating a ZenML project (zenml init)");
    ctx.zenml = await createZenmlProject(install, join(workDir, "zenml-project"), benchRoot);
    const info = lastJson((await run(install.python, ["-c", "import json, sys, importlib.metadata as m; print(json.dumps({'python': sys.version.split()[0], 'zenml': m.version('zenml')}))"])).stdout);
    ctx.zenml.version = info.zenml;
    ctx.zenml.pythonVersion = info.python;
  }
  if (chosen.some((w) => w.id === "noop" || w.id === "cached")) {
    mkdirSync(ctx.koanProject, { recursive: true });
    await run(process.execPath, [join(ctx.koanBench, "koan", "init.mjs"), ctx.koanProject], { env: koanEnv });
  }

  for (const workload of chosen) {
    log(`${workload.title}${quick ? " (quick)" : ""}`);
    const t = performance.now();
    let result;
    try {
      result = await workload.run(ctx);
    } catch (error) {
      failed = true;
      log(`${workload.title} failed: ${error.stack ?? error.message}`);
      result = { id: workload.id, title: workload.title, short: workload.short, error: error.message, tables: [], targets: [], notes: [] };
    }
    log(`${workload.title}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    results.push(result);
    process.stdout.write(`\n${renderWorkload(result)}\n`);
  }
  await runCliEngineerBench();
} catch (error) {
  failed = true;
  log(error.stack ?? error.message);
} finally {
  if (!values.keep) rmSync(workDir, { recursive: true, force: true });
}

if (results.length > 0) {
  const machine = describeMachine(repoRoot, ctx.zenml ? { version: ctx.zenml.version, pythonVersion: ctx.zenml.pythonVersion } : undefined);
  const command = `node bench/run.mjs ${process.argv.slice(2).join(" ")}`.trim();
  const date = started.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  const report = renderReport({ results, machine, date, command, mode: quick ? "quick mode: small sizes" : "" });
  process.stdout.write(`\n${report}\n`);
  if (write && !failed) {
    const docs = join(repoRoot, "docs", "benchmarks.md");
    writeDocs(docs, report);
    log(`wrote ${relative(process.cwd(), docs)}`);
  } else if (write) {
    log("not writing docs/benchmarks.md: a workload failed");
  }
}
if (profileDir && existsSync(profileDir)) {
  for (const label of readdirSync(profileDir).sort()) {
    const files = profileFiles(join(profileDir, label));
    if (files.length === 0) continue;
    process.stdout.write(`\n--- CPU profile: ${label} (${relative(process.cwd(), join(profileDir, label))}) ---\n`);
    process.stdout.write(`${formatSummary(summariseProfiles(files), 20)}\n`);
  }
}
log(`done in ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s${failed ? ", with errors" : ""}`);
process.exitCode = failed ? 1 : 0;

/** Builds @koan/core and what it needs; the CLI too when it is not built (a failure there only skips workload 1). */
async function build() {
  log("building @koan/core");
  const turbo = join(repoRoot, "node_modules", ".bin", "turbo");
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
  await run(turbo, ["run", "build", "--filter=@koan/core...", "--output-logs=errors-only"], { cwd: repoRoot, env });
  // The CLI only when it has no build yet: it is built by its own package's scripts otherwise.
  const cliSrc = join(repoRoot, "packages", "cli", "src");
  const cliBin = join(repoRoot, "packages", "cli", "dist", "bin.cjs");
  if (selected.has("cli") && !existsSync(cliBin) && existsSync(cliSrc) && readdirSync(cliSrc).length > 0) {
    log("building @koan/cli");
    try {
      await run(turbo, ["run", "build", "--filter=@koan/cli...", "--output-logs=errors-only"], { cwd: repoRoot, env });
    } catch (error) {
      log(`@koan/cli did not build, workload 1 uses what is in packages/cli/dist if anything: ${error.message.split("\n")[0]}`);
    }
  }
}

/** The CLI's own start-up benchmark (bench/cli/startup.mjs, against bare `node -e 0`), when present and the CLI is built. */
async function runCliEngineerBench() {
  const script = join(benchRoot, "cli", "startup.mjs");
  const bin = join(repoRoot, "packages", "cli", "dist", "bin.cjs");
  if (!selected.has("cli") || !existsSync(script) || !existsSync(bin)) return;
  log("running bench/cli/startup.mjs");
  try {
    const { stdout } = await run(process.execPath, [script, ...(quick ? ["--rounds", "3"] : [])], { cwd: repoRoot, env: koanEnv, timeoutMs: 600_000 });
    process.stdout.write(`\n### CLI start-up against bare Node (bench/cli/startup.mjs)\n\n${stdout}\n`);
  } catch (error) {
    // The CLI's own script, run as a courtesy: its failure (a rebuild under way, say) does not fail this harness.
    log(`bench/cli/startup.mjs failed: ${error.message.split("\n")[0]}`);
  }
}
