import { describe, expect, it } from "vitest";
import type { Orchestrator, OrchestratorResult, PipelineExecution, PipelineSpec, StepOutcome, StepSpec } from "@koan/core/contracts";
import { DEFAULT_TIMEOUT_MS, itWith, sharedComponent, uniqueToken } from "./suite.js";
import type { SuiteOptions } from "./suite.js";

export interface OrchestratorCapabilities {
  /** Independent steps run at the same time. */
  readonly parallel: boolean;
  /** The most steps the created orchestrator runs at once, if it has such a limit (set it low, e.g. 2). */
  readonly maxConcurrency?: number;
  /** Aborting `execution.signal` stops new steps from starting. */
  readonly cancellation: boolean;
}

export interface OrchestratorSuiteOptions extends SuiteOptions<Orchestrator> {
  readonly capabilities: OrchestratorCapabilities;
}

/** What a fake step does when the orchestrator runs it. */
export type StepBehaviour =
  | "complete"
  | "cached"
  | "fail"
  /** `runStep` rejects, as when the engine itself broke. */
  | "break"
  | ((execution: RecordingExecution, stepId: string) => Promise<"completed" | "cached" | "failed">);

/** A hand-made pipeline: steps by id with their upstream ids, in a topological order. */
export function makeSpec(steps: ReadonlyArray<{ readonly id: string; readonly upstream?: readonly string[] }>, name = "conformance"): PipelineSpec {
  return {
    specVersion: 1,
    name,
    enableCache: false,
    params: {},
    steps: steps.map(
      (step): StepSpec => ({
        id: step.id,
        name: step.id,
        sourceHash: "0".repeat(64),
        version: null,
        params: {},
        // Half the edges carry data, half are order-only (`after`): orchestrators must follow `upstream`.
        inputs: Object.fromEntries(
          (step.upstream ?? []).filter((_, i) => i % 2 === 0).map((up) => [`from_${up}`, { step: up, output: "output" }]),
        ),
        outputs: [{ name: "output", materializer: null }],
        upstream: [...(step.upstream ?? [])],
        enableCache: null,
        retry: { maxAttempts: 1, delayMs: 0, backoff: 1, maxDelayMs: 0 },
      }),
    ),
  };
}

/**
 * The engine's side of a run, without an engine: records which steps the
 * orchestrator runs, when and how many at once, and checks on every call
 * that the step's upstream steps have all finished.
 */
export class RecordingExecution implements PipelineExecution {
  readonly runId = `run-${uniqueToken()}`;
  readonly runName = "conformance-run";
  readonly controller = new AbortController();
  /** Step ids in the order they started. */
  readonly started: string[] = [];
  /** Step ids in the order they finished. */
  readonly finished: string[] = [];
  /** Broken rules: a step run twice, before its upstream steps finished, or unknown. */
  readonly violations: string[] = [];
  running = 0;
  maxRunning = 0;
  readonly #steps: Map<string, StepSpec>;
  readonly #waiters = new Set<() => void>();

  constructor(
    readonly spec: PipelineSpec,
    readonly behaviours: Readonly<Record<string, StepBehaviour>> = {},
    readonly defaultBehaviour: StepBehaviour = "complete",
  ) {
    this.#steps = new Map(spec.steps.map((s) => [s.id, s]));
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  async runStep(stepId: string): Promise<StepOutcome> {
    const step = this.#steps.get(stepId);
    if (!step) this.violations.push(`ran unknown step ${stepId}`);
    if (this.started.includes(stepId)) this.violations.push(`ran ${stepId} twice`);
    for (const up of step?.upstream ?? []) {
      if (!this.finished.includes(up)) this.violations.push(`ran ${stepId} before its upstream step ${up} finished`);
    }
    this.started.push(stepId);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    this.#notify();
    const behaviour = this.behaviours[stepId] ?? this.defaultBehaviour;
    try {
      // Let the orchestrator get on with other work first, as a real step would.
      await new Promise<void>((resolve) => setImmediate(resolve));
      let status: StepOutcome["status"];
      if (behaviour === "complete") status = "completed";
      else if (behaviour === "cached") status = "cached";
      else if (behaviour === "fail") status = "failed";
      else if (behaviour === "break") throw new Error(`the engine broke while running ${stepId}`);
      else status = await behaviour(this, stepId);
      return status === "failed"
        ? { stepId, status, error: { name: "Error", message: `step ${stepId} failed on purpose` } }
        : { stepId, status };
    } finally {
      this.running--;
      this.finished.push(stepId);
      this.#notify();
    }
  }

  /**
   * Resolves true once `condition` holds, or false after `fallbackMs`. The
   * fallback only keeps a wrong orchestrator from hanging the test; the test
   * then fails on what it asserts, never on time.
   */
  until(condition: () => boolean, fallbackMs = 10_000): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        resolve(false);
      }, fallbackMs);
      this.#waiters.add(check);
    });
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

/** A seeded random DAG of `size` steps, each with up to three upstream steps. */
export function randomDag(size: number, seed: number): PipelineSpec {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const steps: Array<{ id: string; upstream: string[] }> = [];
  for (let i = 0; i < size; i++) {
    const upstream = new Set<string>();
    const count = i === 0 ? 0 : next() % 4;
    for (let k = 0; k < count; k++) upstream.add(`s${next() % i}`);
    steps.push({ id: `s${i}`, upstream: [...upstream] });
  }
  return makeSpec(steps, "random-dag");
}

/**
 * The orchestrator contract, driven through `run(spec, execution)` with a
 * recording execution: every step once and only after its upstream steps,
 * parallel branches and the concurrency limit, failures stopping what is
 * downstream, cached steps counting as done, cancellation, and a broken
 * engine surfacing as a rejection instead of a hang.
 */
export function orchestratorSuite(options: OrchestratorSuiteOptions): void {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { capabilities } = options;

  describe(`${options.name}: orchestrator conformance`, () => {
    const orchestrator = sharedComponent(options.create, options.cleanup);
    const run = (execution: RecordingExecution): Promise<OrchestratorResult> => orchestrator().run(execution.spec, execution);

    const expectOutcomesOnce = (result: OrchestratorResult, execution: RecordingExecution) => {
      const ids = result.outcomes.map((o) => o.stepId);
      expect(new Set(ids).size, `outcomes reported twice: ${ids.join(", ")}`).toBe(ids.length);
      expect([...ids].sort()).toEqual([...execution.finished].sort());
    };

    it("identifies itself as an orchestrator", () => {
      const o = orchestrator();
      expect(o.type).toBe("orchestrator");
      expect(o.specVersion).toBe(1);
      expect(typeof o.flavor).toBe("string");
      expect(typeof o.isRemote).toBe("boolean");
    });

    it("runs a one-step pipeline and reports it completed", async () => {
      const execution = new RecordingExecution(makeSpec([{ id: "only" }]));
      const result = await run(execution);
      expect(result.status).toBe("completed");
      expect(result.outcomes).toEqual([{ stepId: "only", status: "completed" }]);
      expect(execution.violations).toEqual([]);
    }, timeout);

    it("runs every step of a diamond exactly once, each after all its upstream steps", async () => {
      const spec = makeSpec([
        { id: "load" },
        { id: "split", upstream: ["load"] },
        { id: "train_a", upstream: ["split"] },
        { id: "train_b", upstream: ["split"] },
        { id: "pick", upstream: ["train_a", "train_b", "load"] },
        { id: "report", upstream: ["pick"] },
      ]);
      const execution = new RecordingExecution(spec);
      const result = await run(execution);
      expect(execution.violations).toEqual([]);
      expect([...execution.started].sort()).toEqual(spec.steps.map((s) => s.id).sort());
      expect(result.status).toBe("completed");
      expectOutcomesOnce(result, execution);
      expect(result.outcomes.every((o) => o.status === "completed")).toBe(true);
    }, timeout);

    it("runs a random 60-step DAG in a valid order", async () => {
      const spec = randomDag(60, 20240601);
      const execution = new RecordingExecution(spec);
      const result = await run(execution);
      expect(execution.violations).toEqual([]);
      expect(execution.started.length).toBe(60);
      expect(result.status).toBe("completed");
      expectOutcomesOnce(result, execution);
    }, timeout);

    it("a cached step counts as done: its downstream steps run", async () => {
      const spec = makeSpec([{ id: "a" }, { id: "b", upstream: ["a"] }, { id: "c", upstream: ["b"] }]);
      const execution = new RecordingExecution(spec, { a: "cached", b: "cached" });
      const result = await run(execution);
      expect(execution.started).toEqual(["a", "b", "c"]);
      expect(result.status).toBe("completed");
      expect(result.outcomes.find((o) => o.stepId === "a")?.status).toBe("cached");
    }, timeout);

    it("a failing step stops every step downstream of it, and the run fails", async () => {
      const spec = makeSpec([
        { id: "a" },
        { id: "b", upstream: ["a"] },
        { id: "c", upstream: ["b"] },
        { id: "d", upstream: ["c"] },
        { id: "e", upstream: ["b", "a"] },
      ]);
      const execution = new RecordingExecution(spec, { b: "fail" });
      const result = await run(execution);
      expect(execution.violations).toEqual([]);
      for (const downstream of ["c", "d", "e"]) expect(execution.started).not.toContain(downstream);
      expect(result.status).toBe("failed");
      expect(result.outcomes.find((o) => o.stepId === "b")?.status).toBe("failed");
      expect(result.outcomes.find((o) => o.stepId === "a")?.status).toBe("completed");
      expectOutcomesOnce(result, execution);
    }, timeout);

    itWith(
      capabilities.parallel,
      "runs independent steps at the same time",
      "this orchestrator runs one step at a time",
      async () => {
        const width = Math.min(4, capabilities.maxConcurrency ?? 4);
        const spec = makeSpec(Array.from({ length: width }, (_, i) => ({ id: `branch_${i}` })));
        const execution = new RecordingExecution(spec, {}, async (exec) => {
          await exec.until(() => exec.maxRunning >= width);
          return "completed";
        });
        const result = await run(execution);
        expect(execution.maxRunning, "independent steps should overlap").toBe(width);
        expect(result.status).toBe("completed");
      },
      timeout,
    );

    itWith(
      capabilities.parallel,
      "when one branch fails, steps already running finish and are reported",
      "this orchestrator runs one step at a time",
      async () => {
        const spec = makeSpec([{ id: "fails" }, { id: "slow" }, { id: "after_slow", upstream: ["slow"] }]);
        const execution = new RecordingExecution(spec, {
          fails: async (exec) => {
            await exec.until(() => exec.started.includes("slow"));
            return "failed";
          },
          slow: async (exec) => {
            await exec.until(() => exec.finished.includes("fails"));
            return "completed";
          },
        });
        const result = await run(execution);
        expect(result.status).toBe("failed");
        expect(result.outcomes.find((o) => o.stepId === "slow")?.status).toBe("completed");
        expect(result.outcomes.find((o) => o.stepId === "fails")?.status).toBe("failed");
        // The run's result comes only after every started step has ended.
        expect(execution.running).toBe(0);
        expectOutcomesOnce(result, execution);
      },
      timeout,
    );

    const limit = capabilities.maxConcurrency;
    itWith(
      limit !== undefined,
      `never runs more than its limit of ${limit ?? "n"} steps at once, and does use the limit`,
      "no maxConcurrency given for the created orchestrator",
      async () => {
        const max = limit as number;
        const total = max * 3 + 1;
        const spec = makeSpec(Array.from({ length: total }, (_, i) => ({ id: `wide_${i}` })));
        const execution = new RecordingExecution(spec, {}, async (exec) => {
          await exec.until(() => exec.maxRunning >= max || exec.started.length === total);
          return "completed";
        });
        const result = await run(execution);
        expect(execution.maxRunning).toBeLessThanOrEqual(max);
        expect(execution.maxRunning).toBe(max);
        expect(execution.started.length).toBe(total);
        expect(result.status).toBe("completed");
      },
      timeout,
    );

    itWith(
      capabilities.cancellation,
      "starts no new step once the run's signal is aborted",
      "this orchestrator does not support cancellation",
      async () => {
        const spec = makeSpec([{ id: "a" }, { id: "b", upstream: ["a"] }, { id: "c", upstream: ["b"] }]);
        const execution = new RecordingExecution(spec, {
          a: async (exec) => {
            exec.controller.abort();
            return "completed";
          },
        });
        const result = await run(execution);
        expect(execution.started).toEqual(["a"]);
        expect(result.status).toBe("failed");
      },
      timeout,
    );

    itWith(
      capabilities.cancellation,
      "starts nothing when the signal is aborted before the run",
      "this orchestrator does not support cancellation",
      async () => {
        const execution = new RecordingExecution(makeSpec([{ id: "a" }, { id: "b" }]));
        execution.controller.abort();
        const result = await run(execution);
        expect(execution.started).toEqual([]);
        expect(result.status).toBe("failed");
      },
      timeout,
    );

    it("rejects, rather than hangs, when the engine itself breaks", async () => {
      const spec = makeSpec([{ id: "a" }, { id: "b", upstream: ["a"] }]);
      const execution = new RecordingExecution(spec, { a: "break" });
      await expect(run(execution)).rejects.toThrow("the engine broke");
      expect(execution.started).not.toContain("b");
    }, timeout);
  });
}
