// Workload 1: CLI start-up. `koan --help` and `koan stack list` (in a folder
// where `koan init` ran) against `zenml --help` and `zenml stack list` (in a
// `zenml init` project), each a fresh process timed from spawn to exit.
import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { alternate, medians } from "../lib/alternate.mjs";
import { ms, ratio, speedup } from "../lib/format.mjs";
import { run } from "../lib/proc.mjs";

const TARGET_MS = 150;

export const cliWorkload = {
  id: "cli",
  title: "1. CLI start-up",
  short: "1. CLI start",
  usesZenml: true,
  async run(ctx) {
    const result = {
      id: this.id,
      title: this.title,
      short: this.short,
      description:
        "Wall time of one process from spawn to exit, median of the rounds: `koan --help` and `koan stack list` " +
        "(in a folder where `koan init` ran) against `zenml --help` and `zenml stack list` (in a `zenml init` project).",
      tables: [],
      targets: [],
      notes: [],
    };
    // A snapshot of the build: a rebuild of packages/cli during the rounds (tsup empties dist/ first) must not break them.
    const dist = join(ctx.repoRoot, "packages", "cli", "dist");
    const built = existsSync(join(dist, "bin.cjs"));
    const bin = join(ctx.workDir, "koan-cli-dist", "bin.cjs");
    if (built) {
      cpSync(dist, dirname(bin), { recursive: true, filter: (source) => !source.endsWith(".map") });
      writeFileSync(join(dirname(bin), "package.json"), `${JSON.stringify({ type: "module" })}\n`);
    }
    const rounds = ctx.rounds ?? (ctx.quick ? 2 : 10);

    let koanDir;
    if (built) {
      koanDir = join(ctx.workDir, "koan-cli");
      mkdirSync(koanDir, { recursive: true });
      try {
        await run(ctx.node, [bin, "init"], { cwd: koanDir, env: ctx.koanEnv });
      } catch (error) {
        // An older CLI without `init`: make the same repository with the library.
        result.notes.push(`\`koan init\` failed (${error.message.split("\n")[0]}); the folder was initialised with @koan/core's initRepository instead.`);
        await run(ctx.node, [join(ctx.koanBench, "koan", "init.mjs"), koanDir], { env: ctx.koanEnv });
      }
    } else {
      result.notes.push("**CLI not built**: `packages/cli/dist/bin.cjs` does not exist, so Koan's side of this workload was not measured. Build it (`npx turbo run build --filter=@koan/cli`) and run again.");
    }

    const commands = [
      { key: "--help", koan: ["--help"], zenml: ["--help"] },
      { key: "stack list", koan: ["stack", "list"], zenml: ["stack", "list"] },
    ];
    // The floor under both: the bare interpreter starting and exiting.
    const baseline = {
      key: "baseline",
      koan: async () => (await run(ctx.node, ["-e", "0"], { env: ctx.koanEnv })).ms,
      ...(ctx.zenml ? { zenml: async () => (await run(ctx.zenml.python, ["-c", "pass"], { env: ctx.zenml.env })).ms } : {}),
    };
    const cases = commands.map((c) => ({
      key: c.key,
      ...(built ? { koan: async () => (await ctx.runKoan(bin, c.koan, { cwd: koanDir, label: `cli-${c.key.replace(/\W+/g, "")}` })).ms } : {}),
      ...(ctx.zenml ? { zenml: async () => (await run(ctx.zenml.zenml, c.zenml, { cwd: ctx.zenml.dir, env: ctx.zenml.env })).ms } : {}),
    }));
    cases.push(baseline);
    // One untimed run of each first: disk caches, and a check that the commands work.
    for (const c of cases) {
      await c.koan?.();
      await c.zenml?.();
    }
    const samples = await alternate(ctx, rounds, cases, "cli");

    const rows = [];
    for (const c of commands) {
      const m = medians(samples.get(c.key));
      rows.push([`\`${c.key}\``, built ? ms(m.koan) : "CLI not built", ctx.zenml ? ms(m.zenml) : "not run", ratio(m.koan, m.zenml), speedup(m.koan, m.zenml)]);
      result.targets.push({
        label: `Koan \`${c.key}\` under ${TARGET_MS} ms median`,
        value: built ? ms(m.koan) : "CLI not built",
        met: built ? m.koan < TARGET_MS : null,
      });
    }
    const floor = medians(samples.get("baseline"));
    rows.push(["bare interpreter (`node -e 0`, `python -c pass`)", ms(floor.koan), ctx.zenml ? ms(floor.zenml) : "not run", ratio(floor.koan, floor.zenml), speedup(floor.koan, floor.zenml)]);
    result.tables.push({ head: ["command", "Koan", "ZenML", "Koan/ZenML", "speed-up"], rows, caption: `${rounds} rounds.` });
    return result;
  },
};
