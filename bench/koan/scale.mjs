// Per-step engine overhead and compile time at scale, in one warm process: a
// 1-step warm-up run opens the repository, then a pipeline of `--steps` no-op
// steps (a chain, or one source feeding the rest) is compiled and run with the
// cache off. Prints one JSON line.
//   node bench/koan/scale.mjs --steps 1000 --shape chain [--compile-sizes 250,1000,4000]
import { parseArgs } from "node:util";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeRepositories, LocalArtifactStore, openRepository } from "@koan/core";
import { median } from "../lib/stats.mjs";
import { noopPipeline } from "./pipelines.mjs";

const { values } = parseArgs({
  options: {
    steps: { type: "string", default: "1000" },
    shape: { type: "string", default: "chain" },
    "compile-sizes": { type: "string", default: "" },
    dir: { type: "string" },
    breakdown: { type: "boolean", default: false },
  },
});
const steps = Number(values.steps);
const shape = values.shape;
const root = values.dir ?? mkdtempSync(join(tmpdir(), "koan-bench-scale-"));

try {
  await noopPipeline(1, shape).run({ repository: root, enableCache: false, progress: false });

  const timings = values.breakdown ? await instrument(root) : undefined;
  const target = noopPipeline(steps, shape);
  let t = performance.now();
  target.compile();
  const compileMs = performance.now() - t;
  t = performance.now();
  const cpuBefore = process.cpuUsage();
  const run = await target.run({ repository: root, enableCache: false, progress: false });
  const runMs = performance.now() - t;
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time (user + system) of this process: less sensitive than wall time to other jobs on the machine.
  const cpuPerStepMs = (cpu.user + cpu.system) / 1000 / steps;
  const completed = run.steps.filter((s) => s.status === "completed").length;
  if (completed !== steps) throw new Error(`${completed} of ${steps} steps completed`);
  // Each step's own record: from its start to its end, as the engine saw it.
  const stepMs = median(run.steps.map((s) => s.durationMs ?? Number.NaN));

  // Compile time at several sizes, to see how it grows (median of a few, after a warm-up).
  const compile = [];
  const sizes = values["compile-sizes"].split(",").filter(Boolean).map(Number);
  // Warm the compiler up on the largest size first, so the smallest is not measured while still being optimised.
  if (sizes.length) for (let i = 0; i < 3; i++) noopPipeline(Math.max(...sizes), shape).compile();
  for (const n of sizes) {
    const p = noopPipeline(n, shape);
    p.compile();
    const samples = [];
    for (let i = 0; i < 5; i++) {
      const c = performance.now();
      p.compile();
      samples.push(performance.now() - c);
    }
    compile.push({ steps: n, ms: median(samples), perStepUs: (1000 * median(samples)) / n });
  }
  const breakdown = timings && Object.fromEntries([...timings].sort((a, b) => b[1].ms - a[1].ms).map(([name, t]) => [name, { calls: t.calls, msPerStep: t.ms / steps }]));
  process.stdout.write(`${JSON.stringify({ steps, shape, compileMs, runMs, perStepMs: runMs / steps, cpuPerStepMs, stepRecordMs: stepMs, compile, ...(breakdown ? { breakdown } : {}) })}\n`);
} finally {
  await closeRepositories();
  if (!values.dir) rmSync(root, { recursive: true, force: true });
}

/**
 * --breakdown: wall time spent in each metadata-store and artifact-store call
 * during the timed run, per step. Calls overlap in a fan-out, so read it on a chain.
 */
async function instrument(repositoryRoot) {
  const timings = new Map();
  const wrap = (owner, name, label) => {
    const original = owner[name];
    owner[name] = function (...args) {
      const started = performance.now();
      const result = original.apply(this, args);
      const record = () => {
        const t = timings.get(label) ?? { calls: 0, ms: 0 };
        t.calls++;
        t.ms += performance.now() - started;
        timings.set(label, t);
      };
      if (result && typeof result.then === "function") result.then(record, record);
      else record();
      return result;
    };
  };
  const { store } = await openRepository({ root: repositoryRoot });
  for (const name of Object.keys(store)) if (typeof store[name] === "function" && name !== "close") wrap(store, name, `store.${name}`);
  for (const name of ["put", "get", "stat", "exists"]) wrap(LocalArtifactStore.prototype, name, `artifacts.${name}`);
  // Reset what the warm-up recorded: only the timed run counts.
  timings.clear();
  return timings;
}
