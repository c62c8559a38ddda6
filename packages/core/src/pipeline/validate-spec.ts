import { PipelineCompileError } from "@koan/contracts";
import type { PipelineSpec, StepSpec } from "@koan/contracts";

/**
 * Checks a spec's DAG and returns its steps in topological order (stable:
 * ties keep declaration order). Rejects duplicate step ids, inputs whose
 * producer or output does not exist, and cycles, naming the steps involved.
 * Specs built by `pipeline()` cannot have cycles, but specs arrive from JSON
 * too (stored runs, other tools), so every spec goes through here.
 */
export function orderSpecSteps(spec: Pick<PipelineSpec, "name" | "steps">): StepSpec[] {
  const byId = new Map<string, StepSpec>();
  for (const step of spec.steps) {
    if (byId.has(step.id)) {
      throw new PipelineCompileError(spec.name, `two steps are named "${step.id}"; step names must be unique`, [step.id]);
    }
    byId.set(step.id, step);
  }
  if (byId.size === 0) throw new PipelineCompileError(spec.name, "it has no steps; call at least one step in its body", []);

  for (const step of spec.steps) {
    for (const [input, ref] of Object.entries(step.inputs)) {
      const producer = byId.get(ref.step);
      if (!producer) {
        throw new PipelineCompileError(spec.name, `input "${input}" of step "${step.id}" reads from "${ref.step}", which is not a step of this pipeline`, [step.id, ref.step]);
      }
      if (!producer.outputs.some((o) => o.name === ref.output)) {
        throw new PipelineCompileError(
          spec.name,
          `input "${input}" of step "${step.id}" reads output "${ref.output}" of "${ref.step}", which has outputs ${producer.outputs.map((o) => o.name).join(", ")}`,
          [step.id, ref.step],
        );
      }
      if (!step.upstream.includes(ref.step)) {
        throw new PipelineCompileError(spec.name, `step "${step.id}" reads from "${ref.step}" but does not list it upstream`, [step.id, ref.step]);
      }
    }
    for (const up of step.upstream) {
      if (!byId.has(up)) throw new PipelineCompileError(spec.name, `step "${step.id}" runs after "${up}", which is not a step of this pipeline`, [step.id, up]);
    }
  }

  // Kahn's algorithm; whatever is left unordered sits on or behind a cycle.
  const indegree = new Map(spec.steps.map((s) => [s.id, new Set(s.upstream).size]));
  const downstream = new Map<string, string[]>();
  for (const step of spec.steps) {
    for (const up of new Set(step.upstream)) {
      const list = downstream.get(up);
      if (list) list.push(step.id);
      else downstream.set(up, [step.id]);
    }
  }
  // A read index instead of shift(): shift is O(n), which made wide fan-outs quadratic.
  const queue = spec.steps.filter((s) => indegree.get(s.id) === 0).map((s) => s.id);
  const ordered: StepSpec[] = [];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as string;
    ordered.push(byId.get(id) as StepSpec);
    for (const next of downstream.get(id) ?? []) {
      const left = (indegree.get(next) as number) - 1;
      indegree.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  if (ordered.length < spec.steps.length) {
    const done = new Set(ordered);
    const cycle = findCycle(spec.steps.filter((s) => !done.has(s)), byId);
    throw new PipelineCompileError(spec.name, `its steps form a cycle: ${cycle.join(" -> ")}`, cycle);
  }
  return ordered;
}

/** One cycle among the unordered steps, as ids, first id repeated at the end. */
function findCycle(candidates: StepSpec[], byId: Map<string, StepSpec>): string[] {
  const start = candidates[0] as StepSpec;
  const path: string[] = [];
  const onPath = new Set<string>();
  let id = start.id;
  // Walk upstream edges inside the stuck set until an id repeats.
  const stuck = new Set(candidates.map((c) => c.id));
  while (!onPath.has(id)) {
    path.push(id);
    onPath.add(id);
    const next = (byId.get(id) as StepSpec).upstream.find((u) => stuck.has(u));
    if (next === undefined) break;
    id = next;
  }
  const loop = path.slice(path.indexOf(id));
  return [...loop.reverse(), loop[0] as string];
}
