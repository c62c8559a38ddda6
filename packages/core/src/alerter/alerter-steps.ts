import { z } from "zod";
import type { ApprovalResult, PostResult } from "@koan/contracts";
import { step, stepDefinition } from "../step/step.js";
import type { NoInputs } from "../step/step-types.js";
import { alerterContextOf } from "./alerter-context.js";
import { ApprovalNotGivenError, refusedPost } from "./errors.js";
import { requireAlerter } from "./stack-alerter.js";

const words = z.array(z.string().trim().min(1)).min(1);

/** Params of `alerterPost`. */
export const alerterPostParams = z.object({
  /** The message, in simple Markdown; the run's pipeline, run and step are added as context. */
  message: z.string().min(1),
  /** A channel other than the alerter's configured one (a Slack channel id, an email address). */
  channel: z.string().min(1).optional(),
});

/** Params of `alerterAsk`. */
export const alerterAskParams = z.object({
  /** The question, in simple Markdown, e.g. "Deploy model v3 to production?". */
  message: z.string().min(1),
  /** Replies that approve (case-insensitive); the alerter's defaults (`approve`, `yes`, `lgtm`) when left out. */
  approveWords: words.optional(),
  /** Replies that reject; the alerter's defaults (`reject`, `no`) when left out. */
  rejectWords: words.optional(),
  /** How long to wait for an answer, in milliseconds; no answer counts as a reject. The alerter's default when left out. */
  timeoutMs: z.number().int().positive().optional(),
  /** A channel other than the alerter's configured one. */
  channel: z.string().min(1).optional(),
});

/**
 * Posts a message through the active stack's alerter, with the pipeline, run
 * and step as context. Fails with `AlerterRefusedError` when the service
 * refuses the message (a wrong channel, a revoked token): a notification a
 * pipeline asked for by name must not vanish silently. Outputs the
 * `PostResult`.
 *
 * ```ts
 * alerterPost({}, { message: "Model v3 is trained" }, { after: [model] });
 * ```
 */
export const alerterPost = neverCached(
  step(
    { name: "alerterPost", params: alerterPostParams, enableCache: false },
    async (_inputs: NoInputs, params, ctx): Promise<PostResult> => {
      const user = `Step "${ctx.stepId}"`;
      const alerter = requireAlerter(ctx.stack, user);
      const result = await alerter.post({
        text: params.message,
        context: alerterContextOf(ctx),
        ...(params.channel !== undefined ? { channel: params.channel } : {}),
      });
      if (!result.ok) throw refusedPost(user, alerter.flavor, result.error);
      return result;
    },
  ),
);

/**
 * Asks a person through the active stack's alerter and waits for the answer:
 * the gate in front of a step that needs a human's approval (deploying a
 * model). On approval the step outputs the `ApprovalResult` (who answered,
 * and how). On a reject, or when nobody answers before the timeout, the step
 * fails with `ApprovalNotGivenError`, so every step that depends on it is
 * skipped and the run ends failed: the gated step cannot run by mistake, and
 * the pipeline body needs no conditional (bodies are static).
 *
 * Gate a step by passing the approval as an input or in `after`:
 *
 * ```ts
 * const approval = alerterAsk({}, { message: "Deploy model v3?", timeoutMs: 3_600_000 }, { after: [model] });
 * deploy({ model }, {}, { after: [approval] });
 * ```
 *
 * Never served from the cache, whatever the run, pipeline or invocation
 * says: an approval is given for one run and is not reusable. Cancelling the
 * run stops the wait.
 */
export const alerterAsk = neverCached(
  step(
    { name: "alerterAsk", params: alerterAskParams, enableCache: false },
    async (_inputs: NoInputs, params, ctx): Promise<ApprovalResult> => {
      const alerter = requireAlerter(ctx.stack, `Step "${ctx.stepId}"`);
      const result = await alerter.ask({
        text: params.message,
        context: alerterContextOf(ctx),
        signal: ctx.signal,
        ...(params.approveWords !== undefined ? { approveWords: params.approveWords } : {}),
        ...(params.rejectWords !== undefined ? { rejectWords: params.rejectWords } : {}),
        ...(params.timeoutMs !== undefined ? { timeoutMs: params.timeoutMs } : {}),
        ...(params.channel !== undefined ? { channel: params.channel } : {}),
      });
      if (!result.approved) throw new ApprovalNotGivenError(ctx.stepId, result);
      return result;
    },
  ),
);

/**
 * Marks a built-in step as never cached. Its definition was made by `step()`
 * the line before and is not shared yet, so setting the flag here is safe;
 * the public step config has no such switch because only a result that is a
 * one-off fact (a person's answer, a message sent) needs it.
 */
function neverCached<T>(builtIn: T): T {
  Object.assign(stepDefinition(builtIn), { neverCache: true });
  return builtIn;
}
