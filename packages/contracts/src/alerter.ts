import type { StackComponent } from "./component-type.js";

/**
 * Where a message comes from. Integrations render it as structured blocks,
 * embeds or fields (a Slack block, a Discord embed); plain-text channels
 * append it as lines. Every field is optional.
 */
export interface AlerterContext {
  readonly pipeline?: string;
  readonly runId?: string;
  readonly runName?: string;
  /** The step invocation id. */
  readonly step?: string;
  /** A status to show, e.g. `"failed"`; integrations may colour by it. */
  readonly status?: string;
  /** A link to the run in the dashboard or an experiment tracker. */
  readonly url?: string;
  /** The error message of a failed run or step. */
  readonly error?: string;
}

/** A notification. */
export interface AlerterMessage {
  /** The text, in simple Markdown (bold, italics, code, links); integrations convert or strip it. */
  readonly text: string;
  readonly context?: AlerterContext;
  /** Overrides the configured channel (a Slack channel id, an email address) for this message. */
  readonly channel?: string;
}

/** A question a person answers to let a pipeline go on (human in the loop). */
export interface AlerterQuestion extends AlerterMessage {
  /** Replies that approve, compared case-insensitively; defaults to `["approve", "yes", "lgtm"]`. */
  readonly approveWords?: readonly string[];
  /** Replies that reject; defaults to `["reject", "no"]`. */
  readonly rejectWords?: readonly string[];
  /** How long to wait for a reply; the flavor's configured default when left out. */
  readonly timeoutMs?: number;
  /** Aborted to stop waiting early; `ask` then rejects with an `AbortError`. */
  readonly signal?: AbortSignal;
}

/** What happened to a posted message. */
export interface PostResult {
  /** False when the service refused the message; `post` does not throw for that. */
  readonly ok: boolean;
  /** The service's id of the message (a Slack `ts`, a Discord message id), if any. */
  readonly messageId?: string;
  /** Link to the message, if the service has one. */
  readonly url?: string;
  /** Why it failed, when `ok` is false. */
  readonly error?: string;
}

/** The answer to a question. */
export interface ApprovalResult {
  readonly approved: boolean;
  readonly reason: "approved" | "rejected" | "timeout";
  /** Who answered, as the service names them. */
  readonly respondent?: string;
  /** The reply as written. */
  readonly answer?: string;
}

/**
 * Sends messages to a chat or mail service from a pipeline, and asks people
 * for approval. A flavor that cannot receive replies (email, webhooks)
 * implements `ask` by throwing `NotSupportedError`.
 */
export interface Alerter extends StackComponent<"alerter"> {
  readonly specVersion: 1;
  /** Posts a message. Resolves with `ok: false` when the service refuses it; rejects only on a broken connection or config. */
  post(message: AlerterMessage): Promise<PostResult>;
  /**
   * Posts a question and waits for the first reply that matches an approve
   * or reject word, or for the timeout (`reason: "timeout"`, not approved).
   */
  ask(question: AlerterQuestion): Promise<ApprovalResult>;
}
