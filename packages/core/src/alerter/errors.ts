import { AlerterRefusedError, KoanError } from "@koan/contracts";
import type { ApprovalResult } from "@koan/contracts";

/*
 * Errors of the built-in alerter steps and hooks. Each says what to do next.
 */

/** A step or hook needs the stack's alerter, and the active stack has none. */
export class NoAlerterError extends KoanError {
  constructor(readonly user: string) {
    super(
      "NO_ALERTER",
      `${user} needs an alerter, but the active stack has none. ` +
        `Register one and add it to the stack: \`koan alerter register team-chat --flavor slack --token "{{slack.token}}" --channel C0123456789\`, ` +
        `then \`koan stack update <stack> --alerter team-chat\`; in code, give defineStack() an \`alerter\` (e.g. slackAlerter.configure({...})).`,
    );
  }
}

/**
 * An `alerterAsk` step got no approval: someone rejected, or nobody answered
 * in time. The step fails with it, so the steps that depend on the approval
 * do not run.
 */
export class ApprovalNotGivenError extends KoanError {
  constructor(
    readonly step: string,
    readonly result: ApprovalResult,
  ) {
    const why =
      result.reason === "timeout"
        ? "nobody answered before the timeout"
        : `${result.respondent ? `${result.respondent} ` : "someone "}rejected it${result.answer !== undefined ? ` ("${result.answer}")` : ""}`;
    super("NOT_APPROVED", `Step "${step}" was not approved: ${why}. The steps that depend on it did not run; run the pipeline again to ask again.`);
  }
}

/** The error a step or hook fails with when the alerter's service refused its message (`post` resolved `ok: false`). */
export function refusedPost(user: string, flavor: string, serviceError: string | undefined): AlerterRefusedError {
  return new AlerterRefusedError(
    flavor,
    serviceError ?? "no reason given",
    `${user} could not post its message. Check the alerter's channel and credentials (koan alerter describe <name>).`,
  );
}
