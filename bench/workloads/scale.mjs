// Workload 4: per-step engine overhead at scale. A 1,000-step chain and a
// 1,000-wide fan-out, timed inside a warm process (after a 1-step warm-up
// run), cache off; ZenML the same way where it finishes within the time limit.
// Also Koan's compile time at several sizes, to see that it grows linearly.
import { join } from "node:path";
import { alternate } from "../lib/alternate.mjs";
import { ms, ratio, speedup, us } from "../lib/format.mjs";
import { lastJson } from "../lib/proc.mjs";
import { median } from "../lib/stats.mjs";

const TARGET_PER_STEP_MS = 2;
/**
 * Compile time per step at the largest size may be at most this times that at
 * the smallest. Over the full mode's 16× range of sizes a quadratic compiler
 * shows about 16× here; a linear one stays near 1×, plus what a larger heap
 * costs the garbage collector (up to about 2× measured here).
 */
const LINEAR_TOLERANCE = 3;

export const scaleWorkload = {
  id: "scale",
  cases: ["chain", "fanout"],
  title: "4. Engine overhead at scale",
  short: "4. scale",
  usesZenml: true,
  async run(ctx) {
    const shapes = this.cases.filter((c) => ctx.selected(c));
    const steps = ctx.quick ? 100 : 1000;
    const compileSizes = ctx.quick ? [250, 1000] : [1000, 2000, 4000, 8000, 16000];
    const rounds = ctx.rounds ?? (ctx.quick ? 1 : 5);
    const zenmlRounds = ctx.zenmlScaleRounds ?? 1;
    const script = join(ctx.koanBench, "koan", "scale.mjs");
    const koanRuns = new Map(shapes.map((s) => [s, []]));
    const zenmlOutcome = new Map();

    const cases = shapes.map((shape) => ({
      key: shape,
      koan: async (round) => {
        const dir = join(ctx.workDir, `koan-scale-${shape}-${round}`);
        const { stdout } = await ctx.runKoan(script, ["--steps", String(steps), "--shape", shape, "--compile-sizes", compileSizes.join(","), "--dir", dir], {
          label: `scale-${shape}`,
        });
        const json = lastJson(stdout);
        koanRuns.get(shape).push(json);
        return json.perStepMs;
      },
      ...(ctx.zenml
        ? {
            zenml: async (round) => {
              if (round >= zenmlRounds || zenmlOutcome.get(shape)?.timedOut) return undefined;
              try {
                const { stdout } = await ctx.runZenml(["--steps", String(steps), "--shape", shape, "--in-process"], { timeoutMs: ctx.zenmlTimeoutMs });
                const json = lastJson(stdout);
                return json.perStepMs;
              } catch (error) {
                if (!error.timedOut) throw error;
                zenmlOutcome.set(shape, { timedOut: true });
                return undefined;
              }
            },
          }
        : {}),
    }));
    const samples = await alternate(ctx, rounds, cases, "scale");

    const rows = [];
    const targets = [];
    for (const shape of shapes) {
      const s = samples.get(shape);
      const koan = median(s.koan);
      const zenmlSamples = s.zenml.filter((x) => Number.isFinite(x));
      const zenml = zenmlSamples.length ? median(zenmlSamples) : Number.NaN;
      const record = median(koanRuns.get(shape).map((r) => r.stepRecordMs));
      const cpu = median(koanRuns.get(shape).map((r) => r.cpuPerStepMs));
      const zenmlCell = !ctx.zenml ? "not run" : zenmlOutcome.get(shape)?.timedOut ? `not done in ${Math.round(ctx.zenmlTimeoutMs / 60000)} min` : ms(zenml);
      rows.push([`${shape} of ${steps}`, ms(koan), ms(cpu), ms(record), zenmlCell, ratio(koan, zenml), speedup(koan, zenml)]);
      targets.push({ label: `${shape} of ${steps}: Koan ${TARGET_PER_STEP_MS} ms or less per step (median)`, value: ms(koan), met: koan <= TARGET_PER_STEP_MS });
    }

    const compileRows = compileSizes.map((n) => {
      const row = [`${n}`];
      for (const shape of shapes) {
        const perStep = median(koanRuns.get(shape).map((r) => r.compile.find((c) => c.steps === n)?.perStepUs ?? Number.NaN));
        const total = median(koanRuns.get(shape).map((r) => r.compile.find((c) => c.steps === n)?.ms ?? Number.NaN));
        row.push(`${ms(total)} (${us(perStep)}/step)`);
      }
      return row;
    });
    for (const shape of shapes) {
      const perStep = (n) => median(koanRuns.get(shape).map((r) => r.compile.find((c) => c.steps === n)?.perStepUs ?? Number.NaN));
      const first = perStep(compileSizes[0]);
      const last = perStep(compileSizes[compileSizes.length - 1]);
      const growth = last / first;
      targets.push({
        label: `${shape}: compile time grows linearly with the steps (per-step time at ${compileSizes[compileSizes.length - 1]} within ${LINEAR_TOLERANCE}× of that at ${compileSizes[0]})`,
        value: `${growth.toFixed(2)}×`,
        met: growth <= LINEAR_TOLERANCE,
      });
    }

    return {
      id: this.id,
      title: this.title,
      short: this.short,
      description:
        "Per-step overhead: the time of `pipeline.run()` (ZenML: calling the pipeline) for no-op steps, cache off, " +
        "inside a process that already ran a 1-step pipeline, divided by the number of steps; median of the rounds. " +
        "\"CPU per step\" is Koan's process CPU time (user + system) over the same run, divided likewise: less sensitive to other jobs on a shared machine. " +
        "\"Step record\" is the median duration of one step as Koan recorded it (start to end of the step run, whole ms). " +
        "The fan-out has one source feeding every other step; Koan's local orchestrator runs up to max(4, cores) of them at a time, ZenML's runs one at a time.",
      tables: [
        {
          head: ["pipeline", "Koan per step", "Koan CPU per step", "Koan step record", "ZenML per step", "Koan/ZenML", "speed-up"],
          rows,
          caption: `Koan ${rounds} round${rounds === 1 ? "" : "s"}, ZenML ${ctx.zenml ? `${Math.min(zenmlRounds, rounds)} (each takes minutes; time limit ${Math.round(ctx.zenmlTimeoutMs / 60000)} min)` : "not run"}.`,
        },
        { head: ["steps", ...shapes.map((s) => `compile, ${s}`)], rows: compileRows, caption: "Koan's compile time (`pipeline.compile()`, median of 5 after a warm-up, then of the rounds):" },
      ],
      targets,
      notes: [],
    };
  },
};
