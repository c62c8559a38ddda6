import { describe, expectTypeOf, it } from "vitest";
import type { ApprovalResult, PostResult } from "../src/contracts.js";
import { alerterFailureHook, alerterSuccessHook } from "../src/alerter/alerter-hooks.js";
import { alerterAsk, alerterPost } from "../src/alerter/alerter-steps.js";
import { pipeline } from "../src/pipeline/pipeline.js";
import type { PipelineConfig } from "../src/pipeline/pipeline.js";
import type { OutputHandle } from "../src/step/output-handle.js";
import { step } from "../src/step/step.js";
import type { StepHooks, NoParams } from "../src/step/step-types.js";

const train = step({ name: "train" }, () => ({ weights: [1] }));
const deploy = step({ name: "deploy" }, ({ model, approval }: { model: { weights: number[] }; approval: ApprovalResult }) => approval.approved && model.weights.length > 0);

describe("alerter step and hook types", () => {
  it("types the approval and the post result as step outputs", () => {
    pipeline({ name: "typed" }, () => {
      const model = train();
      const approval = alerterAsk({}, { message: "Deploy?", approveWords: ["ship it"], timeoutMs: 1000 }, { after: [model] });
      expectTypeOf(approval).toEqualTypeOf<OutputHandle<ApprovalResult>>();
      deploy({ model, approval });
      const posted = alerterPost({}, { message: "done", channel: "#ops" });
      expectTypeOf(posted).toEqualTypeOf<OutputHandle<PostResult>>();
      // @ts-expect-error the message is required
      alerterAsk({}, {});
      // @ts-expect-error timeoutMs is a number of milliseconds
      alerterAsk({}, { message: "Deploy?", timeoutMs: "1h" });
      // @ts-expect-error approve words are a list
      alerterAsk({}, { message: "Deploy?", approveWords: "yes" });
      // @ts-expect-error a post result is not an approval
      deploy({ model, approval: posted });
    });
  });

  it("fits the hooks into both step and pipeline hook slots", () => {
    expectTypeOf(alerterFailureHook).toExtend<NonNullable<StepHooks["onFailure"]>>();
    expectTypeOf(alerterSuccessHook).toExtend<NonNullable<StepHooks["onSuccess"]>>();
    expectTypeOf(alerterFailureHook).toExtend<NonNullable<PipelineConfig<NoParams>["onFailure"]>>();
    expectTypeOf(alerterSuccessHook).toExtend<NonNullable<PipelineConfig<NoParams>["onSuccess"]>>();
    step({ name: "hooked", onFailure: alerterFailureHook, onSuccess: alerterSuccessHook }, () => 1);
    pipeline({ name: "hooked_p", onFailure: alerterFailureHook, onSuccess: alerterSuccessHook }, () => undefined);
    // @ts-expect-error the failure hook needs the error first; it is not a success hook
    step({ name: "wrong", onSuccess: alerterFailureHook }, () => 1);
  });
});

describe("alerter kit types", () => {
  it("types answers, fields, truncation units and Markdown targets", async () => {
    const { answerOf, answerWords, alerterContextFields, pollForAnswer, truncate } = await import("../src/index.js");
    type MarkdownTarget = import("../src/index.js").MarkdownTarget;
    expectTypeOf(answerOf("yes", answerWords({}))).toEqualTypeOf<ApprovalResult | undefined>();
    expectTypeOf(alerterContextFields({})[0]?.key).toEqualTypeOf<"pipeline" | "runName" | "runId" | "step" | "status" | undefined>();
    expectTypeOf(pollForAnswer(async () => undefined, { timeoutMs: 1, intervalMs: 1 })).toEqualTypeOf<Promise<ApprovalResult>>();
    // @ts-expect-error a length is counted in code points or UTF-16 units, nothing else
    truncate("x", 1, { unit: "bytes" });
    // @ts-expect-error a poll resolves with an answer or undefined
    void pollForAnswer(async () => "yes", { timeoutMs: 1, intervalMs: 1 });
    // @ts-expect-error a target says how to write every piece
    const partial: MarkdownTarget = { escape: (t: string) => t, bold: (t: string) => t };
    void partial;
  });
});
