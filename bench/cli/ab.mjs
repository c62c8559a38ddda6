#!/usr/bin/env node
// A/B start-up comparison of two builds of the CLI: `koan --help` and
// `koan stack list` (in a folder where `koan init` ran), A and B alternating
// (the order swapped each round), medians of each. Besides wall and CPU time
// it reports koan's own time: from a preloaded module (after Node's own
// bootstrap) to exit, which varies much less on a busy machine.
//
//   node bench/cli/ab.mjs OTHER/packages/cli/dist/bin.cjs packages/cli/dist/bin.cjs --rounds 60
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median } from "../lib/stats.mjs";
import { timeNode } from "./time-process.mjs";

const args = process.argv.slice(2);
const roundsAt = args.indexOf("--rounds");
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 40;
const [a, b] = args.filter((arg, i) => !arg.startsWith("--") && i !== roundsAt + 1).map((p) => resolve(p));
if (!a || !b || !existsSync(a) || !existsSync(b)) {
  console.error("Usage: node bench/cli/ab.mjs A/bin.cjs B/bin.cjs [--rounds N]");
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), "koan-cli-ab-"));
const project = join(work, "project");
const preload = join(work, "own-time.cjs");
// Written with fs.writeSync: asking for process.stderr would create Node's stream, which koan avoids, inside the measured time.
writeFileSync(
  preload,
  'const start = performance.now();\nprocess.on("exit", () => { const ms = performance.now() - start; require("node:fs").writeSync(2, `koan-own-ms ${ms}\\n`); });\n',
);
const env = { ...process.env, NO_COLOR: "1" };
mkdirSync(project);
if (spawnSync(process.execPath, [a, "init"], { cwd: project, env }).status !== 0) throw new Error("koan init failed");

function time(argv) {
  const { wall, cpu, stderr } = timeNode(["--require", preload, ...argv], { cwd: project, env });
  return { wall, cpu, own: Number(/koan-own-ms ([\d.]+)/.exec(stderr)?.[1]) };
}

const cases = [["--help"], ["stack", "list"]];
// Warm-up: the compile caches of both builds.
for (let i = 0; i < 3; i++) for (const c of cases) for (const bin of [a, b]) time([bin, ...c]);
const results = new Map();
for (let round = 0; round < rounds; round++) {
  for (const c of cases) {
    for (const [label, bin] of round % 2 ? [["B", b], ["A", a]] : [["A", a], ["B", b]]) {
      const key = `${label} ${c.join(" ")}`;
      results.set(key, [...(results.get(key) ?? []), time([bin, ...c])]);
    }
  }
}
rmSync(work, { recursive: true, force: true });

console.log(`${rounds} rounds, A = ${a}, B = ${b}\n`);
console.log("| command | measure | A | B | B/A |\n|---|---|---|---|---|");
for (const c of cases) {
  for (const measure of ["own", "wall", "cpu"]) {
    const [ma, mb] = ["A", "B"].map((label) => median(results.get(`${label} ${c.join(" ")}`).map((r) => r[measure])));
    const name = { own: "koan's own time", wall: "wall", cpu: "CPU" }[measure];
    console.log(`| \`koan ${c.join(" ")}\` | ${name} | ${ma.toFixed(1)} ms | ${mb.toFixed(1)} ms | ${(mb / ma).toFixed(3)} |`);
  }
}
