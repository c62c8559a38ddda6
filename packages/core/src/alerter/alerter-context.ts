import type { AlerterContext } from "@koan/contracts";
import type { PipelineHookContext, StepHookContext } from "../step/step-context.js";

/** What a hook gets: a step's context or a pipeline's. The alerter hooks fit both slots. */
export type AlerterHookContext = StepHookContext | PipelineHookContext;

/** True for a step's hook context (it names the step). */
export function isStepHookContext(context: AlerterHookContext): context is StepHookContext {
  return "stepId" in context;
}

/** The `AlerterContext` of a step or a pipeline run: where a message comes from. */
export function alerterContextOf(context: AlerterHookContext, extra: Pick<AlerterContext, "status" | "error"> = {}): AlerterContext {
  return {
    pipeline: context.pipelineName,
    runId: context.runId,
    runName: context.runName,
    ...(isStepHookContext(context) ? { step: context.stepId } : {}),
    ...extra,
  };
}
