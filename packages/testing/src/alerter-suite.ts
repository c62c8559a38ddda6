import { describe, expect, it } from "vitest";
import { NotSupportedError } from "@koan/core";
import type { Alerter, AlerterMessage } from "@koan/core/contracts";
import { expectAbortError, expectKoanError } from "./expect-error.js";
import { DEFAULT_TIMEOUT_MS, itWith, sharedComponent, uniqueToken } from "./suite.js";
import type { SuiteOptions } from "./suite.js";

/** The question the suite asked, as the `respond` hook sees it. */
export interface AskedQuestion {
  /** A unique token inside the question's text: find the posted question by it. */
  readonly token: string;
  /** The question's whole text. */
  readonly text: string;
  /** The channel it was asked in, if the suite chose one. */
  readonly channel?: string;
}

/** A person's reply. */
export interface Reply {
  /** The reply as written, e.g. `"LGTM"` or `"no"`. */
  readonly text: string;
  /** Who replies, for services that name users. */
  readonly respondent: string;
}

/** A message as the service received it, read back by the `delivered` hook. */
export interface DeliveredMessage {
  readonly text: string;
  readonly channel?: string;
}

interface AlerterSuiteBase extends SuiteOptions<Alerter> {
  /**
   * Reads back the message whose text contains `token` from the service (a
   * contract-fake's inbox, a test channel's history); `undefined` when none
   * arrived. Without it the suite checks only what `post` resolves with.
   */
  delivered?(token: string): Promise<DeliveredMessage | undefined>;
  /** A message this service refuses (an unknown channel), to check `ok: false`. */
  readonly refusedMessage?: AlerterMessage;
  /** A channel other than the configured one that messages may be sent to. */
  readonly otherChannel?: string;
}

export interface AlerterThatAsks extends AlerterSuiteBase {
  readonly capabilities: { readonly ask: true };
  /**
   * Replies to a question as a person would: waits until the question whose
   * text contains `question.token` has been posted, then posts `reply` where
   * the alerter reads answers (a thread reply, a DM). Called while `ask` is
   * waiting, possibly several times for one question.
   */
  respond(question: AskedQuestion, reply: Reply): Promise<void>;
}

export interface AlerterThatOnlyPosts extends AlerterSuiteBase {
  /** `ask: false`: the suite then checks that `ask` throws `NotSupportedError`. */
  readonly capabilities: { readonly ask: false };
}

export type AlerterSuiteOptions = AlerterThatAsks | AlerterThatOnlyPosts;

/**
 * The alerter contract: `post` delivers (or resolves `ok: false` when the
 * service refuses, never throwing for it); `ask` approves, rejects, ignores
 * unrelated replies, honours custom words, times out and aborts; an alerter
 * that cannot ask says so with `NotSupportedError`.
 */
export function alerterSuite(options: AlerterSuiteOptions): void {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const canAsk = options.capabilities.ask;
  const cannotAsk = "this alerter cannot ask";

  describe(`${options.name}: alerter conformance`, () => {
    const alerter = sharedComponent(options.create, options.cleanup);

    /** Asks a question and answers it with `replies`, in order. */
    const askAndReply = async (replies: readonly string[], extra: { approveWords?: string[]; rejectWords?: string[] } = {}) => {
      if (!("respond" in options)) throw new Error(cannotAsk);
      const token = uniqueToken();
      const text = `Deploy model ${token} to production?`;
      const answer = alerter().ask({ text, timeoutMs: timeout / 2, ...extra });
      for (const reply of replies) await options.respond({ token, text }, { text: reply, respondent: "conformance-user" });
      return answer;
    };

    it("identifies itself as an alerter", () => {
      const a = alerter();
      expect(a.type).toBe("alerter");
      expect(a.specVersion).toBe(1);
      expect(typeof a.flavor).toBe("string");
    });

    it("post delivers the message and resolves ok", async () => {
      const token = uniqueToken();
      const text = `Run **${token}** of \`training\` _finished_ with [details](https://example.com/runs/1)`;
      const result = await alerter().post({
        text,
        context: { pipeline: "training", runId: "run-1", runName: "nightly", step: "train", status: "failed", url: "https://example.com/runs/1", error: "boom" },
      });
      expect(result.ok, result.error).toBe(true);
      expect(result.messageId === undefined || typeof result.messageId === "string").toBe(true);
      if (options.delivered) {
        const delivered = await options.delivered(token);
        expect(delivered, "the message did not arrive").toBeDefined();
        expect(delivered?.text).toContain(token);
      }
    }, timeout);

    it("post sends a message with only text and no context", async () => {
      const token = uniqueToken();
      const result = await alerter().post({ text: `plain ${token}` });
      expect(result.ok, result.error).toBe(true);
      if (options.delivered) expect((await options.delivered(token))?.text).toContain(token);
    }, timeout);

    itWith(
      options.otherChannel !== undefined,
      "post honours a per-message channel",
      "no otherChannel given",
      async () => {
        const token = uniqueToken();
        const result = await alerter().post({ text: `elsewhere ${token}`, channel: options.otherChannel as string });
        expect(result.ok, result.error).toBe(true);
        if (options.delivered) {
          const delivered = await options.delivered(token);
          if (delivered?.channel !== undefined) expect(delivered.channel).toBe(options.otherChannel);
        }
      },
      timeout,
    );

    itWith(
      options.refusedMessage !== undefined,
      "a refused message resolves with ok: false and an error, without throwing",
      "no refusedMessage given (a message this service refuses)",
      async () => {
        const result = await alerter().post(options.refusedMessage as AlerterMessage);
        expect(result.ok).toBe(false);
        expect(typeof result.error).toBe("string");
        expect(result.error?.length).toBeGreaterThan(0);
      },
      timeout,
    );

    itWith(
      canAsk,
      "ask approves on a default approve word, compared case-insensitively",
      cannotAsk,
      async () => {
        const result = await askAndReply(["LGTM"]);
        expect(result.approved).toBe(true);
        expect(result.reason).toBe("approved");
        if (result.answer !== undefined) expect(result.answer).toBe("LGTM");
        if (result.respondent !== undefined) expect(typeof result.respondent).toBe("string");
      },
      timeout,
    );

    itWith(
      canAsk,
      "ask rejects on a default reject word",
      cannotAsk,
      async () => {
        const result = await askAndReply(["No"]);
        expect(result.approved).toBe(false);
        expect(result.reason).toBe("rejected");
      },
      timeout,
    );

    itWith(
      canAsk,
      "ask ignores replies that are neither approve nor reject words",
      cannotAsk,
      async () => {
        const result = await askAndReply(["maybe after lunch?", "yes"]);
        expect(result.approved).toBe(true);
        if (result.answer !== undefined) expect(result.answer).toBe("yes");
      },
      timeout,
    );

    itWith(
      canAsk,
      "ask uses the question's own approve and reject words instead of the defaults",
      cannotAsk,
      async () => {
        const words = { approveWords: ["ship it"], rejectWords: ["hold"] };
        const approved = await askAndReply(["yes", "Ship It"], words);
        expect(approved.approved).toBe(true);
        const rejected = await askAndReply(["HOLD"], words);
        expect(rejected).toMatchObject({ approved: false, reason: "rejected" });
      },
      timeout,
    );

    itWith(
      canAsk,
      "ask resolves with reason timeout, not approved, when nobody answers",
      cannotAsk,
      async () => {
        const result = await alerter().ask({ text: `Nobody will answer ${uniqueToken()}`, timeoutMs: 300 });
        expect(result).toMatchObject({ approved: false, reason: "timeout" });
      },
      timeout,
    );

    itWith(
      canAsk,
      "ask rejects with an AbortError when its signal is aborted",
      cannotAsk,
      async () => {
        const controller = new AbortController();
        const pending = alerter().ask({ text: `Aborted ${uniqueToken()}`, timeoutMs: timeout, signal: controller.signal });
        setImmediate(() => controller.abort());
        await expectAbortError(pending);
        const already = new AbortController();
        already.abort();
        await expectAbortError(alerter().ask({ text: `Aborted before ${uniqueToken()}`, signal: already.signal }));
      },
      timeout,
    );

    itWith(
      !canAsk,
      "ask is refused with NotSupportedError",
      "this alerter can ask",
      async () => {
        await expectKoanError(alerter().ask({ text: `question ${uniqueToken()}`, timeoutMs: 1000 }), NotSupportedError, "NOT_SUPPORTED");
      },
      timeout,
    );
  });
}
