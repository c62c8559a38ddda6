import type { AlerterContext } from "@koan/contracts";
import type { AlerterHookContext } from "./alerter-context.js";
import { alerterContextOf, isStepHookContext } from "./alerter-context.js";
import { refusedPost } from "./errors.js";
import { requireAlerter } from "./stack-alerter.js";

/*
 * Hooks that report a step or a pipeline through the stack's alerter:
 *
 *   step({ name: "train", onFailure: alerterFailureHook }, ...)
 *   pipeline({ name: "training", onFailure: alerterFailureHook, onSuccess: alerterSuccessHook }, ...)
 *
 * They take the union of both hook contexts, so one function fits the step
 * slots and the pipeline slots. The engine logs what a hook throws and goes
 * on, so a missing alerter or a refused message shows up in the step log (or
 * on stderr for a pipeline hook) without changing the run's outcome.
 */

/** Posts that the step or pipeline failed, with the error and the run. */
export async function alerterFailureHook(error: Error, context: AlerterHookContext): Promise<void> {
  const text = isStepHookContext(context)
    ? `Step **${context.stepId}** of pipeline \`${context.pipelineName}\` failed in run ${context.runName}.`
    : `Pipeline **${context.pipelineName}** failed in run ${context.runName}` +
      (context.failedSteps.length ? ` (failed step${context.failedSteps.length === 1 ? "" : "s"}: ${context.failedSteps.join(", ")}).` : ".");
  await postFor(context, "alerterFailureHook", text, alerterContextOf(context, { status: "failed", error: `${error.name}: ${error.message}` }));
}

/** Posts that the step or pipeline completed, with the run. */
export async function alerterSuccessHook(context: AlerterHookContext): Promise<void> {
  const text = isStepHookContext(context)
    ? `Step **${context.stepId}** of pipeline \`${context.pipelineName}\` completed in run ${context.runName}.`
    : `Pipeline **${context.pipelineName}** completed in run ${context.runName}.`;
  await postFor(context, "alerterSuccessHook", text, alerterContextOf(context, { status: "completed" }));
}

async function postFor(context: AlerterHookContext, hook: string, text: string, alerterContext: AlerterContext): Promise<void> {
  const user = isStepHookContext(context) ? `${hook} of step "${context.stepId}"` : `${hook} of pipeline "${context.pipelineName}"`;
  const alerter = requireAlerter(context.stack, user);
  const result = await alerter.post({ text, context: alerterContext });
  if (!result.ok) throw refusedPost(user, alerter.flavor, result.error);
}
