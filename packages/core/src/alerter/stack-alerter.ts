import type { Alerter, StackComponents } from "@koan/contracts";
import { NoAlerterError } from "./errors.js";

/** The stack's alerter, or a `NoAlerterError` saying how to add one. `user` names who needs it, for the message. */
export function requireAlerter(stack: StackComponents, user: string): Alerter {
  const alerter = stack.alerter;
  if (!alerter) throw new NoAlerterError(user);
  return alerter;
}
