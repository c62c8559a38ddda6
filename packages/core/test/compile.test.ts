import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InvalidParamsError, PipelineCompileError } from "@koan/contracts";
import type { PipelineSpec, StepSpec } from "@koan/contracts";
import { pipeline } from "../src/pipeline/pipeline.js";
import { orderSpecSteps } from "../src/pipeline/validate-spec.js";
import { step } from "../src/step/step.js";
import type { OutputHandle } from "../src/step/output-handle.js";

const source = step({ name: "source", outputs: ["a", "b"] }, () => ({ a: 1, b: "x" }));
const useNumber = step({ name: "useNumber", params: z.object({ k: z.number().default(1) }) }, ({ n }: { n: number }, { k }) => n * k);
const useString = step({ name: "useString" }, ({ s }: { s: string }) => s.length);

function compileError(fn: () => unknown): PipelineCompileError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PipelineCompileError) return error;
    throw error;
  }
  throw new Error("expected a PipelineCompileError");
}

describe("compiling a pipeline", () => {
  it("produces a plain JSON spec in topological order", () => {
    const p = pipeline({ name: "shape" }, () => {
      const { a, b } = source();
      useString({ s: b });
      useNumber({ n: a }, { k: 3 }, { id: "times3", after: [b] });
    });
    const { spec } = p.compile();
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(spec.specVersion).toBe(1);
    expect(spec.enableCache).toBe(true);
    expect(spec.steps.map((s) => s.id)).toEqual(["source", "useString", "times3"]);
    const times3 = spec.steps[2] as StepSpec;
    expect(times3).toMatchObject({
      name: "useNumber",
      params: { k: 3 },
      inputs: { n: { step: "source", output: "a" } },
      outputs: [{ name: "output", materializer: null }],
      upstream: ["source"],
      enableCache: null,
      version: null,
      retry: { maxAttempts: 1 },
    });
    expect(times3.sourceHash).toMatch(/^sha256:/);
    expect(spec.steps[0]?.outputs.map((o) => o.name)).toEqual(["a", "b"]);
  });

  it("the same definition compiles to the same spec", () => {
    const p = pipeline({ name: "stable" }, () => void useNumber({ n: source().a }));
    expect(p.compile()).not.toBe(p.compile());
    expect(p.compile().spec).toEqual(p.compile().spec);
  });

  it("rejects two steps with the same name, naming them", () => {
    const other = step({ name: "useNumber" }, () => 2);
    const error = compileError(() =>
      pipeline({ name: "dupes" }, () => {
        useNumber({ n: source().a });
        other();
      }).compile(),
    );
    expect(error.steps).toEqual(["useNumber"]);
    expect(error.message).toMatch(/Pipeline "dupes": two steps are named "useNumber"/);
  });

  it("rejects calling one step twice without an id, and accepts it with one", () => {
    const twice = () => {
      const { a } = source();
      useNumber({ n: a });
      useNumber({ n: a });
    };
    expect(compileError(() => pipeline({ name: "twice" }, twice).compile()).message).toMatch(/same step called twice.*\{ id: "useNumber_2" \}/);
    const ok = pipeline({ name: "twice-ok" }, () => {
      const { a } = source();
      useNumber({ n: a });
      useNumber({ n: a }, {}, { id: "again" });
    });
    expect(ok.compile().spec.steps.map((s) => s.id)).toEqual(["source", "useNumber", "again"]);
  });

  it("rejects an input that no step of this pipeline produces", () => {
    let leaked: OutputHandle<number> | undefined;
    pipeline({ name: "first" }, () => {
      leaked = source().a;
    }).compile();
    const error = compileError(() =>
      pipeline({ name: "second" }, () => void useNumber({ n: leaked as OutputHandle<number> })).compile(),
    );
    expect(error.message).toMatch(/input "n" of step "useNumber" is an output of "source" from another pipeline build/);
    expect(error.steps).toEqual(["useNumber", "source"]);

    const notHandle = compileError(() => pipeline({ name: "raw" }, () => void useNumber({ n: 5 as unknown as OutputHandle<number> })).compile());
    expect(notHandle.message).toMatch(/input "n" of step "useNumber" is not a step output \(got a number\)/);
  });

  it("rejects an empty pipeline, an async body and invalid params", () => {
    expect(compileError(() => pipeline({ name: "empty" }, () => undefined).compile()).message).toMatch(/no steps/);
    expect(() => pipeline({ name: "async" }, (async () => void source()) as unknown as () => void).compile()).toThrow(/must be synchronous/);
    const bad = pipeline({ name: "badparams" }, () => void useNumber({ n: source().a }, { k: "x" as unknown as number }));
    expect(() => bad.compile()).toThrow(InvalidParamsError);
    expect(() => bad.compile()).toThrow(/Invalid params for step "useNumber": k:/);
  });

  it("refuses calling a step outside a pipeline body, and .fn calls it directly", async () => {
    expect(() => (useString as unknown as () => void)()).toThrow(/outside a pipeline body/);
    expect(await useString.fn({ s: "abc" }, {}, undefined as never)).toBe(3);
  });

  it("rejects invalid names", () => {
    expect(() => step({ name: "has space" }, () => 1)).toThrow(/not valid/);
    expect(() => pipeline({ name: "9lives" }, () => undefined)).toThrow(/not valid/);
    expect(() => step({ name: "dup", outputs: ["a", "a"] }, () => ({ a: 1 }))).toThrow(/output "a" twice/);
  });
});

describe("checking a spec", () => {
  const base = (id: string, upstream: string[], inputs: StepSpec["inputs"] = {}): StepSpec => ({
    id,
    name: id,
    sourceHash: "sha256:x",
    version: null,
    params: {},
    inputs,
    outputs: [{ name: "output", materializer: null }],
    upstream,
    enableCache: null,
    retry: { maxAttempts: 1, delayMs: 0, backoff: 1, maxDelayMs: 0 },
  });
  const spec = (steps: StepSpec[]): Pick<PipelineSpec, "name" | "steps"> => ({ name: "manual", steps });

  it("orders steps topologically", () => {
    const ordered = orderSpecSteps(spec([base("c", ["b"]), base("a", []), base("b", ["a"])]));
    expect(ordered.map((s) => s.id)).toEqual(["a", "b", "c"]);
  });

  it("rejects a cycle, naming the steps on it", () => {
    const error = compileError(() => orderSpecSteps(spec([base("start", []), base("x", ["start", "z"]), base("y", ["x"]), base("z", ["y"])])));
    expect(error.message).toMatch(/cycle/);
    expect(new Set(error.steps)).toEqual(new Set(["x", "y", "z"]));
    expect(error.message).toMatch(/(x|y|z) -> (x|y|z) -> (x|y|z) -> (x|y|z)/);
  });

  it("rejects a missing producer, an unknown output and a duplicate id", () => {
    expect(compileError(() => orderSpecSteps(spec([base("a", ["ghost"], { i: { step: "ghost", output: "output" } })]))).message).toMatch(
      /input "i" of step "a" reads from "ghost", which is not a step/,
    );
    expect(
      compileError(() => orderSpecSteps(spec([base("p", []), base("a", ["p"], { i: { step: "p", output: "nope" } })]))).message,
    ).toMatch(/reads output "nope" of "p", which has outputs output/);
    expect(compileError(() => orderSpecSteps(spec([base("a", []), base("a", [])]))).steps).toEqual(["a"]);
  });
});
