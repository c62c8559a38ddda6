import { describe, expect, it } from "vitest";
import { AlerterRefusedError, PipelineRunFailedError } from "../src/contracts.js";
import type { Alerter, StackComponents } from "../src/contracts.js";
import type { StepContext } from "../src/step/step-context.js";
import { alerterFailureHook, alerterSuccessHook } from "../src/alerter/alerter-hooks.js";
import { alerterAsk, alerterPost } from "../src/alerter/alerter-steps.js";
import { ApprovalNotGivenError, NoAlerterError } from "../src/alerter/errors.js";
import { Client } from "../src/client/client.js";
import { localArtifactStore, localOrchestrator } from "../src/local/local-flavors.js";
import { pipeline } from "../src/pipeline/pipeline.js";
import { defineStack } from "../src/stack/define-stack.js";
import { step } from "../src/step/step.js";
import { MemoryAlerter, memoryAlerterComponent } from "./helpers/memory-alerter.js";
import { tempRepository } from "./helpers/temp-repository.js";

function stackWith(alerter: MemoryAlerter | undefined) {
  return defineStack("alerting", {
    orchestrator: localOrchestrator.configure({}),
    artifactStore: localArtifactStore.configure({}),
    ...(alerter ? { alerter: memoryAlerterComponent(alerter) } : {}),
  });
}

/** A pipeline that trains, asks for approval and deploys only when approved. */
function gatedPipeline(name: string, deployed: string[], params: { timeoutMs?: number; approveWords?: string[] } = {}) {
  const train = step({ name: "train", enableCache: false }, () => ({ weights: [1, 2, 3] }));
  const deploy = step({ name: "deploy", enableCache: false }, ({ model }: { model: { weights: number[] } }) => {
    deployed.push(model.weights.join(","));
    return "deployed";
  });
  return pipeline({ name }, () => {
    const model = train();
    const approval = alerterAsk({}, { message: "Deploy model to production?", ...params }, { after: [model] });
    deploy({ model }, {}, { after: [approval] });
  });
}

describe("alerterAsk gating a step", () => {
  it("continues on approve: the gated step runs and the approval is the step's output", async () => {
    const repo = await tempRepository();
    const alerter = new MemoryAlerter("#ml");
    const deployed: string[] = [];
    const running = gatedPipeline("gated_ok", deployed).run({ repository: repo, progress: false, stack: stackWith(alerter) });
    const question = await alerter.nextQuestion();
    expect(question.text).toBe("Deploy model to production?");
    expect(question.context).toMatchObject({ pipeline: "gated_ok", step: "alerterAsk" });
    expect(deployed).toEqual([]);
    expect(alerter.reply(question.id, "ana", "not yet sure")).toBe(true);
    alerter.reply(question.id, "ana", "LGTM");
    const run = await running;
    expect(run.status).toBe("completed");
    expect(question.context?.runId).toBe(run.id);
    expect(deployed).toEqual(["1,2,3"]);
    expect(await run.step("alerterAsk").output().load()).toEqual({ approved: true, reason: "approved", respondent: "ana", answer: "LGTM" });
    expect(run.step("deploy").record.status).toBe("completed");
  });

  it("stops on reject: the gated step is skipped and the run fails with ApprovalNotGivenError as the cause", async () => {
    const repo = await tempRepository();
    const alerter = new MemoryAlerter("#ml");
    const deployed: string[] = [];
    const running = gatedPipeline("gated_no", deployed).run({ repository: repo, progress: false, stack: stackWith(alerter) }).catch((e: unknown) => e);
    const question = await alerter.nextQuestion();
    alerter.reply(question.id, "bo", "No");
    const error = await running;
    expect(error).toBeInstanceOf(PipelineRunFailedError);
    const failure = error as PipelineRunFailedError;
    expect(failure.failedSteps).toEqual(["alerterAsk"]);
    expect(failure.message).toContain("ApprovalNotGivenError");
    expect(failure.message).toContain('bo rejected it ("No")');
    expect(deployed).toEqual([]);
    const run = await (await Client.open({ root: repo })).getRun(failure.runId);
    expect(run.step("deploy").record.status).toBe("skipped");
    expect(run.step("alerterAsk").record.error).toMatch(/^ApprovalNotGivenError: .*not approved/);
  });

  it("stops when nobody answers before the timeout, and honours custom approve words", async () => {
    const repo = await tempRepository();
    const alerter = new MemoryAlerter("#ml");
    const deployed: string[] = [];
    const error = await gatedPipeline("gated_timeout", deployed, { timeoutMs: 50 })
      .run({ repository: repo, progress: false, stack: stackWith(alerter) })
      .catch((e: unknown) => e);
    expect((error as PipelineRunFailedError).message).toContain("nobody answered before the timeout");
    expect(deployed).toEqual([]);
    const unanswered = await alerter.nextQuestion();
    expect(alerter.reply(unanswered.id, "late", "yes")).toBe(false);

    const custom = gatedPipeline("gated_words", deployed, { approveWords: ["ship it"] }).run({ repository: repo, progress: false, stack: stackWith(alerter) });
    const question = await alerter.nextQuestion();
    alerter.reply(question.id, "cy", "yes");
    alerter.reply(question.id, "cy", "Ship It");
    const run = await custom;
    expect(await run.step("alerterAsk").output().load()).toMatchObject({ approved: true, answer: "Ship It" });
    expect(deployed).toEqual(["1,2,3"]);
  });

  it("is never served from the cache, even when the run turns caching on", async () => {
    const repo = await tempRepository();
    const alerter = new MemoryAlerter("#ml");
    const p = pipeline({ name: "always_asks", enableCache: true }, () => {
      alerterAsk({}, { message: "Go?" });
    });
    for (let i = 0; i < 2; i++) {
      const running = p.run({ repository: repo, progress: false, stack: stackWith(alerter), enableCache: true });
      const question = await alerter.nextQuestion();
      alerter.reply(question.id, "ana", "yes");
      const run = await running;
      expect(run.step("alerterAsk").record.status).toBe("completed");
    }
    const override = pipeline({ name: "always_asks_2" }, () => {
      alerterAsk({}, { message: "Go?" }, { enableCache: true });
    });
    for (let i = 0; i < 2; i++) {
      const running = override.run({ repository: repo, progress: false, stack: stackWith(alerter) });
      alerter.reply((await alerter.nextQuestion()).id, "ana", "yes");
      expect((await running).step("alerterAsk").record.status).toBe("completed");
    }
    expect(alerter.messages.filter((m) => m.question)).toHaveLength(4);
  });

  it("fails with NoAlerterError naming what to do when the stack has no alerter", async () => {
    const repo = await tempRepository();
    const deployed: string[] = [];
    const error = await gatedPipeline("gated_none", deployed).run({ repository: repo, progress: false, stack: stackWith(undefined) }).catch((e: unknown) => e);
    const failure = error as PipelineRunFailedError;
    expect(failure.message).toContain("NoAlerterError");
    expect(failure.message).toContain("koan stack update");
    expect(deployed).toEqual([]);
    const hint = new NoAlerterError('Step "x"');
    expect(hint.code).toBe("NO_ALERTER");
    expect(hint.message).toMatch(/koan alerter register .* --flavor slack/);
  });

  it("rejects bad params when the pipeline compiles", () => {
    const p = pipeline({ name: "bad_params" }, () => {
      alerterAsk({}, { message: "Go?", timeoutMs: -1 });
    });
    expect(() => p.compile()).toThrow(/timeoutMs/);
  });

  it("stops waiting when the run is cancelled: ask sees the step's abort signal", async () => {
    const alerter = new MemoryAlerter("#ml");
    const controller = new AbortController();
    const context = fakeStepContext(alerter, controller.signal);
    const pending = alerterAsk.fn({}, { message: "Go?" }, context);
    await alerter.nextQuestion();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("alerterPost", () => {
  it("posts the message with the run as context and outputs the PostResult", async () => {
    const repo = await tempRepository();
    const alerter = new MemoryAlerter("#ml", ["#ops"]);
    const p = pipeline({ name: "posting" }, () => {
      alerterPost({}, { message: "Model **v3** trained" });
      alerterPost({}, { message: "to ops", channel: "#ops" }, { id: "notify_ops" });
    });
    const run = await p.run({ repository: repo, progress: false, stack: stackWith(alerter) });
    expect(alerter.messages.map((m) => [m.channel, m.text])).toEqual(
      expect.arrayContaining([
        ["#ml", "Model **v3** trained"],
        ["#ops", "to ops"],
      ]),
    );
    const first = alerter.messages.find((m) => m.text.startsWith("Model"));
    expect(first?.context).toEqual({ pipeline: "posting", runId: run.id, runName: run.name, step: "alerterPost" });
    expect(await run.step("alerterPost").output().load()).toMatchObject({ ok: true });
  });

  it("fails the step with AlerterRefusedError when the service refuses the message", async () => {
    const alerter = new MemoryAlerter("#ml");
    const pending = alerterPost.fn({}, { message: "x", channel: "#nope" }, fakeStepContext(alerter, new AbortController().signal));
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlerterRefusedError);
    expect(error).toMatchObject({ code: "ALERTER_REFUSED", alerter: "memory", reason: "channel_not_found: #nope" });
  });
});

describe("alerter hooks", () => {
  it("post a failing step and the failed pipeline through the stack's alerter, with the error and the run", async () => {
    const repo = await tempRepository();
    const alerter = new MemoryAlerter("#ml");
    const boom = step({ name: "boom", onFailure: alerterFailureHook }, (): number => {
      throw new Error("out of memory");
    });
    const p = pipeline({ name: "failing_alerts", onFailure: alerterFailureHook, onSuccess: alerterSuccessHook }, () => {
      boom();
    });
    const error = (await p.run({ repository: repo, progress: false, stack: stackWith(alerter) }).catch((e: unknown) => e)) as PipelineRunFailedError;
    expect(error).toBeInstanceOf(PipelineRunFailedError);
    expect(alerter.messages).toHaveLength(2);
    const [stepMessage, pipelineMessage] = alerter.messages;
    expect(stepMessage?.text).toBe(`Step **boom** of pipeline \`failing_alerts\` failed in run ${stepMessage?.context?.runName}.`);
    expect(stepMessage?.context).toMatchObject({ pipeline: "failing_alerts", runId: error.runId, step: "boom", status: "failed", error: "Error: out of memory" });
    expect(pipelineMessage?.text).toContain("Pipeline **failing_alerts** failed in run");
    expect(pipelineMessage?.text).toContain("(failed step: boom)");
    expect(pipelineMessage?.context).toMatchObject({ pipeline: "failing_alerts", runId: error.runId, status: "failed" });
    expect(pipelineMessage?.context?.step).toBeUndefined();
    expect(pipelineMessage?.context?.error).toContain("out of memory");
  });

  it("post successes of steps and pipelines", async () => {
    const repo = await tempRepository();
    const alerter = new MemoryAlerter("#ml");
    const fine = step({ name: "fine", onSuccess: alerterSuccessHook, enableCache: false }, () => 1);
    const p = pipeline({ name: "fine_alerts", onSuccess: alerterSuccessHook, onFailure: alerterFailureHook }, () => {
      fine();
    });
    const run = await p.run({ repository: repo, progress: false, stack: stackWith(alerter) });
    expect(alerter.messages.map((m) => m.text)).toEqual([
      `Step **fine** of pipeline \`fine_alerts\` completed in run ${run.name}.`,
      `Pipeline **fine_alerts** completed in run ${run.name}.`,
    ]);
    expect(alerter.messages.map((m) => m.context?.status)).toEqual(["completed", "completed"]);
  });

  it("without an alerter, log a NoAlerterError and leave the run's outcome alone", async () => {
    const repo = await tempRepository();
    const fine = step({ name: "fine", onSuccess: alerterSuccessHook, enableCache: false }, () => 1);
    const p = pipeline({ name: "no_alerter_hooks" }, () => {
      fine();
    });
    const run = await p.run({ repository: repo, progress: false, stack: stackWith(undefined) });
    expect(run.status).toBe("completed");
    expect(await run.step("fine").logs()).toMatch(/onSuccess of step "fine" threw:.*NoAlerterError|needs an alerter/);
  });

  it("throw AlerterRefusedError when the service refuses, so the engine logs it", async () => {
    const refusing: Alerter = {
      type: "alerter",
      specVersion: 1,
      flavor: "refusing",
      post: async () => ({ ok: false, error: "invalid_auth" }),
      ask: async () => ({ approved: false, reason: "timeout" }),
    };
    const context = { pipelineName: "p", runId: "r", runName: "rn", stepId: "s", stepName: "s", stack: { ...stubStack(), alerter: refusing } };
    const error = await alerterSuccessHook(context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlerterRefusedError);
    expect((error as AlerterRefusedError).message).toBe(
      'The refusing alerter\'s service refused the request: invalid_auth. alerterSuccessHook of step "s" could not post its message. Check the alerter\'s channel and credentials (koan alerter describe <name>).',
    );
  });
});

describe("ApprovalNotGivenError", () => {
  it("says who rejected and what to do", () => {
    const error = new ApprovalNotGivenError("gate", { approved: false, reason: "rejected", respondent: "ana", answer: "nope" });
    expect(error.code).toBe("NOT_APPROVED");
    expect(error.message).toBe('Step "gate" was not approved: ana rejected it ("nope"). The steps that depend on it did not run; run the pipeline again to ask again.');
    expect(error.result.reason).toBe("rejected");
  });
});

/** Orchestrator and artifact store that fail if touched: the alerter steps and hooks use only the alerter. */
function stubStack(): StackComponents {
  const untouchable = new Proxy(
    {},
    {
      get(_target, property) {
        throw new Error(`alerter steps must not use ${String(property)}`);
      },
    },
  );
  return { orchestrator: untouchable as StackComponents["orchestrator"], artifactStore: untouchable as StackComponents["artifactStore"] };
}

/** A step context for calling a built-in step's function directly (no run). */
function fakeStepContext(alerter: Alerter, signal: AbortSignal): StepContext {
  return {
    pipelineName: "direct",
    runId: "run-1",
    runName: "direct-run",
    stepId: "gate",
    stepName: "alerterAsk",
    attempt: 1,
    stack: { ...stubStack(), alerter },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    signal,
    addOutputMetadata() {
      throw new Error("not used by alerter steps");
    },
  };
}
