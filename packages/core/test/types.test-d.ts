import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { pipeline } from "../src/pipeline/pipeline.js";
import { step } from "../src/step/step.js";
import type { OutputHandle } from "../src/step/output-handle.js";
import type { StepContext, TrackedStepContext } from "../src/step/step-context.js";
import type { TrackerStepRun } from "@koan/contracts";
import { defineStack } from "../src/stack/define-stack.js";
import { localArtifactStore, localOrchestrator } from "../src/local/local-flavors.js";
import type { PipelineRun } from "../src/client/pipeline-run.js";

type Row = { x: number; y: number };
type Model = { weights: number[] };

const load = step({ name: "load", outputs: ["train", "test"] }, async () => ({ train: [] as Row[], test: [] as Row[] }));
const train = step(
  { name: "train", params: z.object({ lr: z.number().default(0.1), epochs: z.number().int() }) },
  async ({ data }: { data: Row[] }, { lr, epochs }, ctx) => {
    expectTypeOf(lr).toEqualTypeOf<number>();
    expectTypeOf(epochs).toEqualTypeOf<number>();
    expectTypeOf(ctx).toEqualTypeOf<StepContext>();
    return { weights: [lr, epochs, data.length] } satisfies Model;
  },
);
const evaluate = step({ name: "evaluate" }, ({ model, data }: { model: Model; data: Row[] }) => model.weights.length + data.length);
const label = step({ name: "label" }, ({ text }: { text: string }) => text.toUpperCase());

describe("step and pipeline types", () => {
  it("types outputs as handles of what the step returns", () => {
    pipeline({ name: "t1" }, () => {
      const outputs = load();
      expectTypeOf(outputs.train).toEqualTypeOf<OutputHandle<Row[]>>();
      expectTypeOf(outputs.test).toEqualTypeOf<OutputHandle<Row[]>>();
      const model = train({ data: outputs.train }, { epochs: 3 });
      expectTypeOf(model).toEqualTypeOf<OutputHandle<{ weights: number[] }>>();
      const score = evaluate({ model, data: outputs.test });
      expectTypeOf(score).toEqualTypeOf<OutputHandle<number>>();
    });
  });

  it("rejects wiring an output of the wrong type into an input", () => {
    pipeline({ name: "t2" }, () => {
      const { train: rows } = load();
      const model = train({ data: rows }, { epochs: 1 });
      // @ts-expect-error a Model is not a string
      label({ text: model });
      // @ts-expect-error Row[] is not a Model
      evaluate({ model: rows, data: rows });
      // @ts-expect-error the number score is not Row[]
      train({ data: evaluate({ model, data: rows }) }, { epochs: 1 });
    });
  });

  it("rejects missing and unknown inputs", () => {
    pipeline({ name: "t3" }, () => {
      const { train: rows } = load();
      const model = train({ data: rows }, { epochs: 1 });
      // @ts-expect-error data is missing
      evaluate({ model });
      // @ts-expect-error extra is not an input of evaluate
      evaluate({ model, data: rows, extra: rows });
      // @ts-expect-error inputs are required when the step has some
      evaluate();
      // @ts-expect-error a plain value is not a step output
      label({ text: "plain string" });
    });
  });

  it("checks params: required fields, types, unknown steps without params", () => {
    pipeline({ name: "t4" }, () => {
      const { train: rows } = load();
      // @ts-expect-error epochs has no default, so params are required
      train({ data: rows });
      // @ts-expect-error lr must be a number
      train({ data: rows }, { epochs: 1, lr: "fast" });
      train({ data: rows }, { epochs: 1 }, { id: "train_b", enableCache: false });
      load({}, {}, { id: "load_b" });
    });
  });

  it("requires multi-output steps to return every declared output", () => {
    // @ts-expect-error "test" is declared but not returned
    step({ name: "partial", outputs: ["train", "test"] }, () => ({ train: 1 }));
    step({ name: "full", outputs: ["a", "b"] }, () => ({ a: 1, b: "two" }));
  });

  it("types pipeline params and run options", () => {
    const p = pipeline({ name: "t5", params: z.object({ n: z.number(), tag: z.string().default("x") }) }, ({ n, tag }) => {
      expectTypeOf(n).toEqualTypeOf<number>();
      expectTypeOf(tag).toEqualTypeOf<string>();
      load();
    });
    expectTypeOf(p.run).returns.toEqualTypeOf<Promise<PipelineRun>>();
    // @ts-expect-error params are required: n has no default
    void p.run();
    // @ts-expect-error n must be a number
    void p.run({ params: { n: "1" } });
    void p.run({ params: { n: 1 }, enableCache: false });
    const q = pipeline({ name: "t6" }, () => void load());
    void q.run();
  });

  it("types stack slots and flavor configs", () => {
    defineStack("ok", { orchestrator: localOrchestrator.configure({ concurrency: 2 }), artifactStore: localArtifactStore.configure({ path: "x" }) });
    // @ts-expect-error an artifact store cannot fill the orchestrator slot
    defineStack("bad", { orchestrator: localArtifactStore.configure({}), artifactStore: localArtifactStore.configure({}) });
    // @ts-expect-error an artifact store is required
    defineStack("missing", { orchestrator: localOrchestrator.configure({}) });
    // @ts-expect-error concurrency is a number
    localOrchestrator.configure({ concurrency: "4" });
  });

  it("gives ctx.experimentTracker, non-optional, only to steps that declare experimentTracker: true", () => {
    const tracked = step({ name: "tracked", experimentTracker: true }, async (_inputs, _params, ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<TrackedStepContext>();
      expectTypeOf(ctx.experimentTracker).toEqualTypeOf<TrackerStepRun>();
      await ctx.experimentTracker.logMetrics({ loss: 0.1 });
      return 1;
    });
    expectTypeOf(tracked.fn).parameter(2).toEqualTypeOf<TrackedStepContext>();

    const trackedMulti = step({ name: "tracked-multi", outputs: ["a", "b"], experimentTracker: true }, (_i, _p, ctx) => {
      expectTypeOf(ctx.experimentTracker).toEqualTypeOf<TrackerStepRun>();
      return { a: 1, b: 2 };
    });
    expectTypeOf(trackedMulti.fn).parameter(2).toEqualTypeOf<TrackedStepContext>();

    step({ name: "plain" }, (_i, _p, ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<StepContext>();
      // @ts-expect-error a step that did not declare experimentTracker: true has no tracker run
      void ctx.experimentTracker;
      return 1;
    });
    step({ name: "off", experimentTracker: false }, (_i, _p, ctx) => {
      // @ts-expect-error experimentTracker: false is the same as leaving it out
      void ctx.experimentTracker;
      return 1;
    });
    const flag: boolean = Math.random() > 2;
    step({ name: "maybe", experimentTracker: flag }, (_i, _p, ctx) => {
      expectTypeOf(ctx.experimentTracker).toEqualTypeOf<TrackerStepRun | undefined>();
      return 1;
    });
    // @ts-expect-error experimentTracker is a boolean
    step({ name: "bad", experimentTracker: "yes" }, () => 1);
  });
});
