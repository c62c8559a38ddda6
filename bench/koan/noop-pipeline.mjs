// One Koan process running one no-op pipeline in the repository of the current
// folder. The harness times it from outside, from process start to exit.
//   node bench/koan/noop-pipeline.mjs --steps 10 [--shape chain|fanout] [--cache on|off] [--verify]
import { parseArgs } from "node:util";
import { noopPipeline } from "./pipelines.mjs";

const { values } = parseArgs({
  options: {
    steps: { type: "string", default: "10" },
    shape: { type: "string", default: "chain" },
    cache: { type: "string", default: "off" },
    verify: { type: "boolean", default: false },
  },
});
const steps = Number(values.steps);
const cache = values.cache === "on";
const run = await noopPipeline(steps, values.shape, cache).run({ enableCache: cache, progress: false });
if (values.verify) {
  const statuses = {};
  for (const s of run.steps) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  process.stdout.write(`${JSON.stringify({ run: run.name, steps: run.steps.length, statuses })}\n`);
}
