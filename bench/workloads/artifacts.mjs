// Workload 5: artifact throughput on the local artifact store. A step returns
// a 1 GiB Buffer (the engine saves it), the next takes it as input (the
// engine loads it); against `cp` of a file of the same size on the same disk.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gibs, ms, pct } from "../lib/format.mjs";
import { lastJson, run } from "../lib/proc.mjs";
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
    // The OS reference: `cp` of a file of the same size (incompressible bytes) in the same folder tree,
    // run from here while no large process is alive. On this kind of VM a process that holds gigabytes of
    // freshly touched memory makes the kernel's own page-cache allocations several times slower, so `cp`
    // run inside the Koan process after its round would measure that, not the disk.
    const refDir = join(ctx.workDir, "os-reference");
    mkdirSync(refDir, { recursive: true });
    const reference = join(refDir, "reference.bin");
    await run("dd", ["if=/dev/urandom", `of=${reference}`, "bs=1M", `count=${mib}`, "status=none"], { timeoutMs: 600_000 });
    const osCopy = async () => {
      await run("sync", []);
      const { ms } = await run("cp", [reference, `${reference}.copy`]);
      rmSync(`${reference}.copy`, { force: true });
      return ms;
    };
    const koan = async () => {
      await run("sync", []);
      const args = ["--mib", String(mib), "--dir", join(ctx.workDir, "koan-artifacts")];
      return lastJson((await ctx.runKoan(script, args, { label: "artifacts" })).stdout);
    };
    await osCopy(); // untimed: the reference file's pages, and the copy path, warm on both sides alike
    const samples = [];
    for (let round = 0; round < rounds; round++) {
      // Alternate which goes first: the OS copy or Koan.
      let copyMs;
      let json;
      if (round % 2 === 0) {
        json = await koan();
        copyMs = await osCopy();
      } else {
        copyMs = await osCopy();
        json = await koan();
      }
      samples.push({ ...json, copyMs });
      ctx.progress(`artifacts round ${round + 1}/${rounds}: save ${json.saveMs.toFixed(0)} ms, load ${json.loadMs.toFixed(0)} ms, cp ${copyMs.toFixed(0)} ms`);
    }
    rmSync(refDir, { recursive: true, force: true });
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
        "return to its onSuccess hook; load from there to the start of the next step's function (each Koan round a fresh process). The physical " +
        "reference is `cp` of a file of the same size on the same disk, run by the harness between Koan's processes, after `sync`. " +
        "Median of the rounds; the order of Koan and `cp` alternates; the \"of `cp`\" column is `cp`'s median time over Koan's.",
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
