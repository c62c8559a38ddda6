import { describe, expect, it } from "vitest";
import type { StepOperator, StepOperatorRequest } from "@koan/core/contracts";
import { caught, expectAbortError } from "./expect-error.js";
import { DEFAULT_TIMEOUT_MS, itWith, sharedComponent } from "./suite.js";
import type { SuiteOptions } from "./suite.js";

/**
 * Requests for steps the operator can reach, made by the integration's test:
 * an entrypoint module with the pipeline, a run, an image where one is needed.
 * Each call returns a request for a fresh step id.
 */
export interface StepOperatorRequests {
  /** A step that succeeds. */
  completing(): Promise<StepOperatorRequest>;
  /** A step whose function throws. */
  failing(): Promise<StepOperatorRequest>;
  /** A step that runs until it is stopped; needed for the cancellation tests. */
  hanging?(): Promise<StepOperatorRequest>;
}

export interface StepOperatorSuiteOptions extends SuiteOptions<StepOperator> {
  readonly capabilities: {
    /** Aborting `request.signal` stops the work and rejects `launch` with an `AbortError`. */
    readonly cancel: boolean;
  };
  readonly requests: StepOperatorRequests;
}

/**
 * The step operator contract: a completing step resolves `completed` with
 * its step id, a failing one resolves `failed` (never rejects), launches run
 * side by side, aborting stops the work with an `AbortError`, and an
 * operator that needs an image refuses a request without one.
 */
export function stepOperatorSuite(options: StepOperatorSuiteOptions): void {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { requests, capabilities } = options;
  const canCancel = capabilities.cancel && requests.hanging !== undefined;
  const noCancel = capabilities.cancel ? "no hanging request given" : "this operator cannot cancel";

  describe(`${options.name}: step operator conformance`, () => {
    const operator = sharedComponent(options.create, options.cleanup);

    it("identifies itself as a step operator", () => {
      const o = operator();
      expect(o.type).toBe("step_operator");
      expect(o.specVersion).toBe(1);
      expect(typeof o.flavor).toBe("string");
      expect(typeof o.isRemote).toBe("boolean");
      expect(typeof o.requiresImage).toBe("boolean");
    });

    it("a step that succeeds resolves completed, with its step id", async () => {
      const request = await requests.completing();
      const outcome = await operator().launch(request);
      expect(outcome).toMatchObject({ stepId: request.stepId, status: "completed" });
    }, timeout);

    it("a step that throws resolves failed, with the error, rather than rejecting", async () => {
      const request = await requests.failing();
      const outcome = await operator().launch(request);
      expect(outcome.stepId).toBe(request.stepId);
      expect(outcome.status).toBe("failed");
      if (outcome.error !== undefined) {
        expect(typeof outcome.error.name).toBe("string");
        expect(typeof outcome.error.message).toBe("string");
      }
    }, timeout);

    it("runs several launches side by side, each with its own outcome", async () => {
      const batch = await Promise.all([requests.completing(), requests.failing(), requests.completing()]);
      const outcomes = await Promise.all(batch.map((request) => operator().launch(request)));
      expect(outcomes.map((o) => o.stepId)).toEqual(batch.map((r) => r.stepId));
      expect(outcomes.map((o) => o.status)).toEqual(["completed", "failed", "completed"]);
    }, timeout);

    itWith(
      canCancel,
      "aborting the signal stops the step and rejects with an AbortError",
      noCancel,
      async () => {
        const controller = new AbortController();
        const request = await (requests.hanging as NonNullable<typeof requests.hanging>)();
        const pending = operator().launch({ ...request, signal: controller.signal });
        setTimeout(() => controller.abort(), 200);
        await expectAbortError(pending);
      },
      timeout,
    );

    itWith(
      canCancel,
      "an already aborted signal rejects with an AbortError",
      noCancel,
      async () => {
        const controller = new AbortController();
        controller.abort();
        const request = await requests.completing();
        await expectAbortError(operator().launch({ ...request, signal: controller.signal }));
      },
      timeout,
    );

    it("a request without an image is refused if the operator needs one, and runs if not", async () => {
      const request = await requests.completing();
      const { image: _image, ...withoutImage } = request;
      if (operator().requiresImage) expect(await caught(operator().launch(withoutImage))).toBeInstanceOf(Error);
      else expect(await operator().launch(withoutImage)).toMatchObject({ stepId: request.stepId, status: "completed" });
    }, timeout);
  });
}
