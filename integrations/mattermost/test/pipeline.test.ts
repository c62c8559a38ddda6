// A human in the loop, end to end: a pipeline on a stack whose alerter is
// this flavor asks in (the contract fake of) Mattermost and goes on only
// when a person approves in the question's thread.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineStack, localArtifactStore, localOrchestrator, pipeline, PipelineRunFailedError, step } from "@koan/core";
import { caught } from "@koan/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { mattermostAlerter } from "../src/index.js";
import { FakeMattermost } from "./fixtures/mattermost-fake.js";
import type { FakeChannel, FakeUser } from "./fixtures/mattermost-fake.js";

let fake: FakeMattermost;
let alice: FakeUser;
let channel: FakeChannel;
let repository: string;
beforeAll(async () => {
  fake = await FakeMattermost.start();
  alice = fake.addUser("alice");
  channel = fake.addChannel("releases");
  repository = await mkdtemp(join(tmpdir(), "koan-mattermost-"));
});
afterAll(async () => {
  await fake.close();
  await rm(repository, { recursive: true, force: true });
});

const deployed: string[] = [];
const gate = step({ name: "approval_gate" }, async (_inputs: {}, _params, ctx) => {
  const answer = await ctx.stack.alerter?.ask({ text: `Deploy the model of run ${ctx.runName}?`, context: { pipeline: ctx.pipelineName, status: "waiting" }, timeoutMs: 30_000 });
  if (!answer?.approved) throw new Error(`Not approved (${answer?.reason ?? "no alerter"})`);
  return answer.respondent ?? "someone";
});
const deploy = step({ name: "deploy" }, async ({ approvedBy }: { approvedBy: string }, _params, ctx) => {
  deployed.push(ctx.runName);
  return approvedBy;
});
const release = pipeline({ name: "release", enableCache: false }, () => {
  deploy({ approvedBy: gate() });
});

function teamStack() {
  return defineStack("team", {
    orchestrator: localOrchestrator.configure({}),
    artifactStore: localArtifactStore.configure({}),
    alerter: mattermostAlerter.configure({ url: fake.url, token: fake.bot.token, channelId: channel.id, pollIntervalMs: 20 }),
  });
}

/** Alice answers the run's question in its thread, through the REST API with her own token. */
async function answerNextQuestion(runName: string, message: string): Promise<void> {
  const question = await fake.waitFor(`Deploy the model of run ${runName}?`);
  const response = await fetch(`${fake.url}/api/v4/posts`, {
    method: "POST",
    headers: { authorization: `Bearer ${alice.token}`, "content-type": "application/json" },
    body: JSON.stringify({ channel_id: channel.id, root_id: question.id, message }),
  });
  expect(response.status).toBe(201);
}

it("goes on to deploy when a person approves in the thread", async () => {
  const runName = `approved-${Date.now()}`;
  const [run] = await Promise.all([release.run({ stack: teamStack(), repository, runName, progress: false }), answerNextQuestion(runName, "Approve")]);
  expect(await run.step("deploy").output().load()).toBe("alice");
  expect(deployed).toContain(runName);
});

it("stops before deploying when a person rejects", async () => {
  const runName = `rejected-${Date.now()}`;
  const [error] = await Promise.all([caught(release.run({ stack: teamStack(), repository, runName, progress: false })), answerNextQuestion(runName, "reject")]);
  expect(error).toBeInstanceOf(PipelineRunFailedError);
  expect((error as PipelineRunFailedError).failedSteps).toEqual(["approval_gate"]);
  expect(deployed).not.toContain(runName);
});
