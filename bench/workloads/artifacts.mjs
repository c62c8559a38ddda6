// Workload 5: artifact throughput on the local artifact store. A step returns
// a 1 GiB Buffer (the engine saves it), the next takes it as input (the
// engine loads it); against `cp` of a file of the same size on the same disk.
import { join } from "node:path";
import { gibs, ms, pct } from "../lib/format.mjs";
import { lastJson } from "../lib/proc.mjs";
import { median } from "../lib/stats.mjs";

const TARGET = 0.8;

export const artifactsWorkload = {
  id: "artifacts",
  title: "5. Artifact throughput",
  short: "5. artifacts",
  usesZenml: false,
  async run(ctx) {
    const mib = ctx.quick ? 64 : 1024;
    const rounds = ctx.rounds ?? (ctx.quick ? 1 : 5);
    const script = join(ctx.koanBench, "koan", "artifacts.mjs");
    const samples = [];
    for (let round = 0; round < rounds; round++) {
      // Alternate which goes first: the OS copy or Koan.
      const args = ["--mib", String(mib), "--dir", join(ctx.workDir, "koan-artifacts"), ...(round % 2 === 1 ? ["--cp-first"] : [])];
      const json = lastJson((await ctx.runKoan(script, args, { label: "artifacts" })).stdout);
      samples.push(json);
      ctx.progress(`artifacts round ${round + 1}/${rounds}: save ${json.saveMs.toFixed(0)} ms, load ${json.loadMs.toFixed(0)} ms, cp ${json.copyMs.toFixed(0)} ms`);
    }
    const gib = (mib * 1024 * 1024) / 1024 ** 3;
    const save = median(samples.map((s) => s.saveMs));
    const load = median(samples.map((s) => s.loadMs));
    const copy = median(samples.map((s) => s.copyMs));
    const rate = (t) => gib / (t / 1000);
    const size = mib >= 1024 ? `${mib / 1024} GiB` : `${mib} MiB`;
    return {
      id: this.id,
      title: this.title,
      short: this.short,
      description:
        `A step returns a ${size} Buffer (a random 1 MiB block repeated), which the engine saves to the local artifact store (bytes materializer, content hash, ` +
        "temporary file renamed into place); the next step takes it as input, which the engine loads. Save is timed from the step function's " +
        "return to its onSuccess hook; load from there to the start of the next step's function. The physical reference is `cp` of a file " +
        "of the same size in the same folder, after `sync`. Median of the rounds, each in a fresh process; the order of Koan and `cp` alternates.",
      tables: [
        {
          head: ["operation", "time", "throughput", "of `cp`"],
          rows: [
            [`Koan save ${size}`, ms(save), gibs(rate(save)), pct(copy / save)],
            [`Koan load ${size}`, ms(load), gibs(rate(load)), pct(copy / load)],
            [`\`cp\` ${size} (same disk)`, ms(copy), gibs(rate(copy)), "100%"],
          ],
          caption: `${rounds} round${rounds === 1 ? "" : "s"}.`,
        },
      ],
      targets: [
        { label: `save at ${pct(TARGET)} of \`cp\` or better`, value: pct(copy / save), met: copy / save >= TARGET },
        { label: `load at ${pct(TARGET)} of \`cp\` or better`, value: pct(copy / load), met: copy / load >= TARGET },
      ],
      notes: [],
    };
  },
};
