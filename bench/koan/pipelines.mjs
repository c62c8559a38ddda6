// The Koan side of the no-op workloads. The ZenML side (bench/zenml/pipelines.py)
// builds the same DAGs: a chain passes a small int from step to step; a fan-out
// has one source feeding every other step.
import { pipeline, step } from "@koan/core";

const source = step({ name: "source" }, () => 0);
const noop = step({ name: "noop" }, ({ x }) => x);

/** `steps` steps in all, counting the source. */
export function noopPipeline(steps, shape = "chain", enableCache = false) {
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer, got ${steps}`);
  if (shape !== "chain" && shape !== "fanout") throw new Error(`shape must be chain or fanout, got ${shape}`);
  return pipeline({ name: `noop_${shape}_${steps}`, enableCache }, () => {
    let value = source();
    const root = value;
    for (let i = 1; i < steps; i++) {
      const out = noop({ x: shape === "chain" ? value : root }, {}, { id: `noop_${i}` });
      value = out;
    }
  });
}
