// The building blocks alerter flavors share: answer words, waiting with an
// abort signal, colours, truncation, context fields and simple Markdown.
import { describe, expect, it } from "vitest";
import type { ApprovalResult } from "../src/contracts.js";
import {
  abortError,
  alerterContextFields,
  alerterContextLines,
  alerterContextTitle,
  answerOf,
  answerWords,
  characterCount,
  classifyAnswer,
  DEFAULT_APPROVE_WORDS,
  fencedCode,
  hasAlerterContext,
  isWebLink,
  pause,
  pollForAnswer,
  renderMarkdown,
  retryAfterMs,
  STATUS_COLOURS,
  statusColour,
  statusColourHex,
  stripMarkdown,
  truncate,
  truncateWithFootnote,
  TRUNCATION_MARKER,
} from "../src/index.js";

describe("answer words", () => {
  it("default to the contract's words, then an alerter's, then the question's own", () => {
    expect(answerWords({})).toEqual({ approve: ["approve", "yes", "lgtm"], reject: ["reject", "no"] });
    expect(DEFAULT_APPROVE_WORDS).toEqual(["approve", "yes", "lgtm"]);
    expect(answerWords({}, { approveWords: ["Ship"] }).approve).toEqual(["ship"]);
    expect(answerWords({ approveWords: ["GO"] }, { approveWords: ["ship"] }).approve).toEqual(["go"]);
  });

  it("match a whole reply apart from case, spaces, formatting and closing punctuation", () => {
    const words = answerWords({});
    for (const reply of ["LGTM ", "*yes*", "**Approve!**", "`no`", "Reject."]) expect(classifyAnswer(reply, words)).toBeDefined();
    expect(classifyAnswer("yes", words)).toBe("approved");
    expect(classifyAnswer("no!", words)).toBe("rejected");
    for (const chatter of ["lgtm, but", "not yet", "yes please", ""]) expect(classifyAnswer(chatter, words)).toBeUndefined();
  });

  it("make an ApprovalResult with the reply as written and who wrote it", () => {
    const words = answerWords({});
    expect(answerOf("*Yes!*", words, "ana")).toEqual({ approved: true, reason: "approved", answer: "*Yes!*", respondent: "ana" });
    expect(answerOf("no", words)).toEqual({ approved: false, reason: "rejected", answer: "no" });
    expect(answerOf("maybe", words, "ana")).toBeUndefined();
  });
});

describe("waiting for an answer", () => {
  it("polls until an answer comes", async () => {
    let polls = 0;
    const answer: ApprovalResult = { approved: true, reason: "approved" };
    const result = await pollForAnswer(async () => (++polls === 3 ? answer : undefined), { timeoutMs: 60_000, intervalMs: 1 });
    expect(result).toBe(answer);
    expect(polls).toBe(3);
  });

  it("counts no answer before the timeout as a timeout, having polled at least once", async () => {
    let polls = 0;
    const result = await pollForAnswer(
      async () => {
        polls++;
        return undefined;
      },
      { timeoutMs: 20, intervalMs: 5 },
    );
    expect(result).toEqual({ approved: false, reason: "timeout" });
    expect(polls).toBeGreaterThan(0);
  });

  it("rejects with an AbortError when the signal aborts, whatever its reason", async () => {
    const controller = new AbortController();
    const pending = pollForAnswer(async () => undefined, { timeoutMs: 600_000, intervalMs: 600_000, signal: controller.signal });
    controller.abort(new Error("run cancelled"));
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await expect(pause(600_000, controller.signal)).rejects.toMatchObject({ name: "AbortError" });
  });

  it("keeps an AbortError reason as it is", () => {
    const controller = new AbortController();
    controller.abort();
    expect(abortError(controller.signal)).toBe(controller.signal.reason);
  });

  it("passes on what a poll rejects with", async () => {
    await expect(pollForAnswer(async () => Promise.reject(new Error("refused")), { timeoutMs: 1000, intervalMs: 1 })).rejects.toThrow("refused");
  });
});

describe("status colours", () => {
  it("colour failures, successes, running and waiting apart, in any case", () => {
    const colours = ["failed", "completed", "running", "waiting"].map(statusColour);
    expect(new Set(colours).size).toBe(4);
    expect(statusColour("FAILED")).toBe(STATUS_COLOURS.failed);
    expect(statusColour("something else")).toBe(STATUS_COLOURS.other);
    expect(statusColour(undefined)).toBe(STATUS_COLOURS.other);
    expect(statusColourHex("failed")).toBe("#d93f0b");
  });
});

describe("truncate", () => {
  it("leaves text within the limit alone", () => {
    expect(truncate("short", 5)).toBe("short");
  });

  it("cuts between code points and ends with the marker", () => {
    const cut = truncate("😀".repeat(100), 50);
    expect(characterCount(cut)).toBe(50);
    expect(cut.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(cut.slice(0, -TRUNCATION_MARKER.length)).toBe("😀".repeat(50 - characterCount(TRUNCATION_MARKER)));
  });

  it("counts UTF-16 units when asked, never splitting a surrogate pair", () => {
    const cut = truncate("😀".repeat(100), 50, { unit: "utf-16" });
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(cut.slice(0, -TRUNCATION_MARKER.length)).toBe("😀".repeat(Math.floor((50 - TRUNCATION_MARKER.length) / 2)));
  });

  it("takes another marker, and cuts the marker itself when there is no room for text", () => {
    expect(truncate("abcdef", 4, { marker: "…" })).toBe("abc…");
    expect(truncate("abcdef", 3, { marker: "[cut]" })).toBe("[cu");
  });

  it("keeps a footnote whole while cutting the text before it", () => {
    const text = truncateWithFootnote("x".repeat(100), "Reply yes", 40);
    expect(characterCount(text)).toBe(40);
    expect(text.endsWith(`${TRUNCATION_MARKER}\n\nReply yes`)).toBe(true);
    expect(truncateWithFootnote("short", "Reply yes", 40)).toBe("short\n\nReply yes");
    expect(truncateWithFootnote("x".repeat(100), "", 40)).toBe(truncate("x".repeat(100), 40));
  });
});

describe("alerter context", () => {
  const context = { pipeline: "training", runName: "nightly", runId: "r7", step: "train", status: "failed", url: "https://dash.example/r7", error: "OOM" };

  it("as labelled fields, in order, without the empty ones", () => {
    expect(alerterContextFields(context).map((f) => [f.label, f.value])).toEqual([
      ["Pipeline", "training"],
      ["Run", "nightly"],
      ["Run id", "r7"],
      ["Step", "train"],
      ["Status", "failed"],
    ]);
    expect(alerterContextFields({ pipeline: "p", step: "" }).map((f) => f.key)).toEqual(["pipeline"]);
    expect(alerterContextFields(undefined)).toEqual([]);
  });

  it("as plain lines, with the error and the link after the fields", () => {
    expect(alerterContextLines(context)).toEqual([
      "Pipeline: training",
      "Run: nightly",
      "Run id: r7",
      "Step: train",
      "Status: failed",
      "",
      "Error:",
      "OOM",
      "",
      "Run: https://dash.example/r7",
    ]);
  });

  it("has a title, tells an empty context and a web link apart", () => {
    expect(alerterContextTitle(context)).toBe("training · failed");
    expect(alerterContextTitle({})).toBe("Koan");
    expect(hasAlerterContext({ pipeline: "" })).toBe(false);
    expect(hasAlerterContext(undefined)).toBe(false);
    expect(hasAlerterContext({ step: "s" })).toBe(true);
    expect(isWebLink("HTTPS://x.example")).toBe(true);
    expect(isWebLink("file:///tmp/x")).toBe(false);
  });
});

describe("simple Markdown", () => {
  const tags = {
    escape: (text: string) => text.replace(/</g, "&lt;"),
    bold: (text: string) => `<b>${text}</b>`,
    italic: (text: string) => `<i>${text}</i>`,
    code: (text: string) => `<c>${text}</c>`,
    link: (label: string, url: string) => `<a ${url}>${label}</a>`,
    newline: "|",
  };

  it("renders bold, italics, code and http(s) links for a target, escaping first", () => {
    expect(renderMarkdown("**a** _b_ `c` [d](https://e.example) <f>\ng", tags)).toBe("<b>a</b> <i>b</i> <c>c</c> <a https://e.example>d</a> &lt;f>|g");
    expect(renderMarkdown("[x](javascript:alert(1)) snake_case_name", tags)).toBe("[x](javascript:alert(1)) snake_case_name");
  });

  it("strips to plain text", () => {
    expect(stripMarkdown("Deploy **v3** to [prod](https://x.example) `now`?")).toBe("Deploy v3 to prod now?");
  });

  it("fences code within a limit, so a fence inside cannot close it", () => {
    expect(fencedCode("a ``` b", 100)).toBe("```\na ''' b\n```");
    const long = fencedCode("x".repeat(500), 100);
    expect(characterCount(long)).toBe(100);
    expect(long.endsWith(`${TRUNCATION_MARKER}\n\`\`\``)).toBe(true);
  });
});

describe("retryAfterMs", () => {
  it("reads Retry-After in seconds or as a date, else X-RateLimit-Reset, else one second", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": new Date(Date.now() - 5000).toUTCString() }))).toBe(0);
    expect(retryAfterMs(new Headers({ "x-ratelimit-reset": "3" }))).toBe(3000);
    expect(retryAfterMs(new Headers())).toBe(1000);
    expect(retryAfterMs(new Headers({ "retry-after": "" }))).toBe(1000);
  });
});
