// Workload 6: metadata at scale. 100,000 runs (three steps each, with
// artifacts and lineage) written through the MetadataStore API into a fresh
// SQLite store, then: list the latest page of runs, get one run with its steps.
import { join } from "node:path";
import { ms } from "../lib/format.mjs";
import { lastJson } from "../lib/proc.mjs";

const TARGET_MS = 20;

export const metadataWorkload = {
  id: "metadata",
  title: "6. Metadata at scale",
  short: "6. metadata",
  usesZenml: false,
  async run(ctx) {
    const runs = ctx.quick ? 2000 : 100_000;
    const repeat = ctx.quick ? 50 : 200;
    const script = join(ctx.koanBench, "koan", "metadata.mjs");
    ctx.progress(`metadata: writing ${runs.toLocaleString("en-US")} runs through the store API${runs > 10_000 ? " (minutes)" : ""}`);
    const { stdout } = await ctx.runKoan(script, ["--runs", String(runs), "--repeat", String(repeat), "--dir", join(ctx.workDir, "koan-metadata")], {
      label: "metadata",
      timeoutMs: 3_600_000,
    });
    const r = lastJson(stdout);
    const count = runs.toLocaleString("en-US");
    return {
      id: this.id,
      title: this.title,
      short: this.short,
      description:
        `${count} runs of a 3-step pipeline (each step with an output artifact, each later step reading the one before) written through ` +
        `the MetadataStore API into a fresh SQLite store; then, through \`Client\`, ${repeat} times each: list the latest page of runs ` +
        "(`client.listRuns()`, 50 runs) and get one run from the middle of the table with its steps and their artifacts (`client.getRun(id)`).",
      tables: [
        {
          head: ["operation", "median", "p95", "first call"],
          rows: [
            [`list the latest page (of ${count} runs)`, ms(r.listMs), ms(r.listP95Ms), ms(r.listFirstMs)],
            ["get one run with its steps", ms(r.getMs), ms(r.getP95Ms), ms(r.getFirstMs)],
          ],
        },
      ],
      targets: [
        { label: `list the latest page in ${TARGET_MS} ms or less`, value: ms(r.listMs), met: r.listMs <= TARGET_MS },
        { label: `get one run with its steps in ${TARGET_MS} ms or less`, value: ms(r.getMs), met: r.getMs <= TARGET_MS },
      ],
      notes: [`Writing the ${count} runs took ${(r.seedMs / 1000).toFixed(1)} s (${ms(r.seedPerRunMs)} a run: 8 write transactions, 3 reads).`],
    };
  },
};
