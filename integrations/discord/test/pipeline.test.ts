// A human in the loop, end to end: a pipeline on a stack whose alerter is
// this flavor asks on (the contract fake of) Discord and goes on only when a
// person approves.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineStack, localArtifactStore, localOrchestrator, pipeline, PipelineRunFailedError, step } from "@koan/core";
import { caught } from "@koan/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { discordAlerter } from "../src/index.js";
import { FakeDiscord } from "./fixtures/discord-fake.js";

const TOKEN = "pipeline-test-token";
const CHANNEL = "1200000000000000001";
const alice = { id: "1300000000000000001", username: "alice", global_name: null };

let fake: FakeDiscord;
let repository: string;
beforeAll(async () => {
  fake = await FakeDiscord.start({ token: TOKEN, channels: [CHANNEL] });
  repository = await mkdtemp(join(tmpdir(), "koan-discord-"));
});
afterAll(async () => {
  await fake.close();
  await rm(repository, { recursive: true, force: true });
});

const deployed: string[] = [];
const gate = step({ name: "approval_gate" }, async (_inputs: {}, _params, ctx) => {
  const answer = await ctx.stack.alerter?.ask({
    text: `Deploy the model of run ${ctx.runName}?`,
    context: { pipeline: ctx.pipelineName, runName: ctx.runName, step: ctx.stepId, status: "waiting" },
    timeoutMs: 30_000,
  });
  if (!answer?.approved) throw new Error(`Not approved (${answer?.reason ?? "no alerter"})`);
  return answer.respondent ?? "someone";
});
const deploy = step({ name: "deploy" }, async ({ approvedBy }: { approvedBy: string }, _params, ctx) => {
  deployed.push(ctx.runName);
  await ctx.stack.alerter?.post({ text: `Deployed, approved by ${approvedBy}`, context: { pipeline: ctx.pipelineName, status: "completed" } });
  return approvedBy;
});
const release = pipeline({ name: "release", enableCache: false }, () => {
  deploy({ approvedBy: gate() });
});

/** The stack, pointed at the fake (its port is known only once it started). */
function teamStack() {
  return defineStack("team", {
    orchestrator: localOrchestrator.configure({}),
    artifactStore: localArtifactStore.configure({}),
    alerter: discordAlerter.configure({ token: TOKEN, channelId: CHANNEL, apiUrl: fake.url, pollIntervalMs: 20 }),
  });
}

/** Answers the next question as alice, with a Discord reply. */
async function answerNextQuestion(runName: string, text: string): Promise<void> {
  const question = await fake.waitFor(`Deploy the model of run ${runName}?`);
  fake.userPosts(CHANNEL, alice, text, question);
}

it("goes on to deploy when a person approves on Discord, and reports there", async () => {
  const runName = `approved-${Date.now()}`;
  const [run] = await Promise.all([release.run({ stack: teamStack(), repository, runName, progress: false }), answerNextQuestion(runName, "lgtm")]);
  expect(await run.step("deploy").output().load()).toBe("alice");
  expect(deployed).toContain(runName);
  expect(fake.messages.some((m) => m.embeds[0]?.description === "Deployed, approved by alice")).toBe(true);
});

it("stops before deploying when a person rejects", async () => {
  const runName = `rejected-${Date.now()}`;
  const [error] = await Promise.all([caught(release.run({ stack: teamStack(), repository, runName, progress: false })), answerNextQuestion(runName, "no")]);
  expect(error).toBeInstanceOf(PipelineRunFailedError);
  expect((error as PipelineRunFailedError).failedSteps).toEqual(["approval_gate"]);
  expect(deployed).not.toContain(runName);
});

