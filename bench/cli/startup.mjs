#!/usr/bin/env node
// The CLI's start-up benchmark: `koan --help` and `koan stack list` (in a
// folder where `koan init` ran), each a fresh process timed from spawn to
// exit, against a bare `node -e 0` on the same machine in the same rounds.
// Prints medians and prints the markdown rows recorded in docs/benchmarks.md.
//
//   npm run bench:cli                     # build the CLI, then 30 rounds
//   node bench/cli/startup.mjs --rounds 50
//   node bench/cli/startup.mjs --check    # exit 1 if a median misses 150 ms
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "../lib/stats.mjs";
import { timeNode } from "./time-process.mjs";

const TARGET_MS = 150;
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(repoRoot, "packages", "cli", "dist", "bin.cjs");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const rounds = option("--rounds", 30);
const check = args.includes("--check");

if (!existsSync(bin)) {
  console.error(`${bin} does not exist. Build the CLI first: npx turbo run build --filter=@koan/cli...`);
  process.exit(2);
}

const project = mkdtempSync(join(tmpdir(), "koan-cli-bench-"));
const env = { ...process.env, NO_COLOR: "1" };
const init = spawnSync(process.execPath, [bin, "init"], { cwd: project, env, encoding: "utf8" });
if (init.status !== 0) {
  console.error(`koan init failed:\n${init.stderr}`);
  process.exit(1);
}

const cases = [
  { name: "node -e 0 (baseline)", argv: ["-e", "0"] },
  { name: "koan --help", argv: [bin, "--help"] },
  { name: "koan stack list", argv: [bin, "stack", "list"] },
];

function time(argv) {
  const { wall, cpu } = timeNode(argv, { cwd: project, env });
  return { ms: wall, cpu };
}

// Warm the disk cache and check each command works, untimed.
for (const c of cases) time(c.argv);
const samples = new Map(cases.map((c) => [c.name, []]));
const cpuSamples = new Map(cases.map((c) => [c.name, []]));
for (let round = 0; round < rounds; round++) {
  // Rotate the order each round, so no case always runs right after another.
  for (let i = 0; i < cases.length; i++) {
    const c = cases[(i + round) % cases.length];
    const { ms, cpu } = time(c.argv);
    samples.get(c.name).push(ms);
    cpuSamples.get(c.name).push(cpu);
  }
}
rmSync(project, { recursive: true, force: true });

const baseline = median(samples.get(cases[0].name));
const rows = cases.map((c) => {
  const xs = samples.get(c.name);
  const m = median(xs);
  const cpu = median(cpuSamples.get(c.name));
  return { name: c.name, median: m, min: Math.min(...xs), overhead: c === cases[0] ? null : m - baseline, cpu };
});
const baselineCpu = rows[0].cpu;

const f = (x) => `${x.toFixed(0)} ms`;
console.log(`${rounds} rounds on Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}\n`);
const load = process.platform === "linux" ? ` (load average ${(await import("node:os")).loadavg()[0].toFixed(1)} at the end)` : "";
console.log(`Wall time from spawn to exit, and CPU time (user + system, median)${load}:\n`);
// The ratios to bare Node, measured in the same rounds, compare across machines and loads better than milliseconds.
const ratio = (x, base) => (Number.isNaN(x) || !base ? "-" : `× ${(x / base).toFixed(2)}`);
console.log("| command | median | fastest | over bare Node | ratio to bare Node | CPU | CPU over bare Node |");
console.log("|---|---|---|---|---|---|---|");
for (const r of rows) {
  const base = r.overhead === null;
  console.log(
    `| \`${r.name}\` | ${f(r.median)} | ${f(r.min)} | ${base ? "-" : `+${f(r.overhead)}`} | ${base ? "-" : ratio(r.median, baseline)} | ` +
      `${Number.isNaN(r.cpu) ? "-" : f(r.cpu)} | ${base || Number.isNaN(r.cpu) ? "-" : `+${f(r.cpu - baselineCpu)}`} |`,
  );
}

const missed = rows.filter((r) => r.overhead !== null && r.median >= TARGET_MS);
if (missed.length) console.log(`\nOver the ${TARGET_MS} ms target: ${missed.map((r) => r.name).join(", ")}.`);
if (check && missed.length) process.exit(1);
