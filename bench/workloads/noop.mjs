// Workloads 2 and 3: pipelines of 1, 10 and 100 no-op steps (a chain), each
// run a fresh process timed from spawn to exit: with the cache off (every step
// runs), then fully cached (every step is served from the cache).
import { join } from "node:path";
import { alternate, medians } from "../lib/alternate.mjs";
import { ms, ratio, speedup } from "../lib/format.mjs";
import { lastJson } from "../lib/proc.mjs";

const TARGET_SPEEDUP = 20;

function noopWorkload({ id, title, short, cache }) {
  return {
    id,
    title,
    short,
    usesZenml: true,
    async run(ctx) {
      const sizes = [1, 10, 100];
      const zenmlSizes = ctx.quick ? [1, 10] : sizes;
      const rounds = ctx.rounds ?? (ctx.quick ? 1 : 5);
      const script = join(ctx.koanBench, "koan", "noop-pipeline.mjs");
      const args = (n, verify) => ["--steps", String(n), "--cache", cache ? "on" : "off", ...(verify ? ["--verify"] : [])];
      const koan = (n, verify) => ctx.runKoan(script, args(n, verify), { cwd: ctx.koanProject, label: `${id}-${n}` });
      const zenml = (n, verify) => ctx.runZenml(args(n, verify));
      const expected = cache ? "cached" : "completed";

      // Untimed: prime the cache (cached workload), then check every step ends as expected.
      for (const n of sizes) {
        const sides = [["Koan", koan]];
        if (ctx.zenml && zenmlSizes.includes(n)) sides.push(["ZenML", zenml]);
        for (const [name, runSide] of sides) {
          if (cache) await runSide(n, false);
          const check = lastJson((await runSide(n, true)).stdout);
          if (check.steps !== n || check.statuses[expected] !== n) {
            throw new Error(`${name}'s ${n}-step pipeline should have ${n} ${expected} steps, got ${JSON.stringify(check)}`);
          }
        }
      }

      const cases = sizes.map((n) => ({
        key: `${n}`,
        koan: async () => (await koan(n, false)).ms,
        ...(ctx.zenml && zenmlSizes.includes(n) ? { zenml: async () => (await zenml(n, false)).ms } : {}),
      }));
      const samples = await alternate(ctx, rounds, cases, id);

      const rows = [];
      const targets = [];
      for (const n of sizes) {
        const m = medians(samples.get(`${n}`));
        rows.push([`${n}`, ms(m.koan), Number.isNaN(m.zenml) ? "not run" : ms(m.zenml), ratio(m.koan, m.zenml), speedup(m.koan, m.zenml)]);
        if (cache || n === 10) {
          targets.push({
            label: `${cache ? "fully cached" : "cache off"}, ${n} step${n === 1 ? "" : "s"}: Koan at least ${TARGET_SPEEDUP}× faster than ZenML`,
            value: speedup(m.koan, m.zenml),
            met: Number.isNaN(m.zenml) ? null : m.zenml / m.koan >= TARGET_SPEEDUP,
          });
        }
      }
      return {
        id,
        title,
        short,
        description:
          `A chain of no-op steps passing a small int (\`bench/koan/pipelines.mjs\`, \`bench/zenml/pipelines.py\`), ` +
          `${cache ? "every step served from the cache (a priming run first)" : "cache off, so every step runs"}; ` +
          "wall time of the whole process from spawn to exit, median of the rounds.",
        tables: [{ head: ["steps", "Koan", "ZenML", "Koan/ZenML", "speed-up"], rows, caption: `${rounds} round${rounds === 1 ? "" : "s"}.` }],
        targets,
        notes: [],
      };
    },
  };
}

export const noopWorkloadOff = noopWorkload({ id: "noop", title: "2. No-op pipelines, cache off", short: "2. no-op", cache: false });
export const noopWorkloadCached = noopWorkload({ id: "cached", title: "3. No-op pipelines, fully cached", short: "3. cached", cache: true });
