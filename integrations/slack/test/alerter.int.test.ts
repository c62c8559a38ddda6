// Slack cannot run here and has no local server to start, so this test runs
// the whole path a user takes against the contract fake of the Web API
// (test/slack-fake.ts): the component registered as the CLI does, its token
// a {{slack.token}} secret reference resolved by core when the run creates
// it, a pipeline gated by alerterAsk and a failure reported by
// alerterFailureHook. The conformance suite runs in alerter.test.ts.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  alerterAsk,
  alerterFailureHook,
  closeRepositories,
  flavors,
  initRepository,
  pipeline,
  PipelineRunFailedError,
  repositorySecretsManager,
  step,
} from "@koan/core";
import { slackAlerter } from "../src/alerter/index.js";
import { SlackFake } from "./slack-fake.js";

const TOKEN = "xoxb-int-test-token-value";
const fake = new SlackFake(TOKEN, ["C0DEPLOYS"]);
let root = "";

beforeAll(async () => {
  const apiUrl = await fake.start();
  if (!flavors.has("alerter", "slack")) flavors.register(slackAlerter);
  root = await mkdtemp(join(tmpdir(), "koan-slack-int-"));
  const { repository } = await initRepository(root, { create: true });
  await repositorySecretsManager(root).create({ name: "slack", values: { token: TOKEN } });
  await repository.store.saveComponent({
    name: "team-slack",
    type: "alerter",
    flavor: "slack",
    config: { token: "{{slack.token}}", channel: "C0DEPLOYS", apiUrl, pollIntervalMs: 20 },
  });
  await repository.store.saveStack({ name: "with-slack", components: { orchestrator: "default", artifact_store: "default", alerter: "team-slack" } });
});

afterAll(async () => {
  await closeRepositories();
  await fake.stop();
  await rm(root, { recursive: true, force: true });
});

async function question(token: string) {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const message = fake.find(token);
    if (message) return message;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`No question containing ${token} was posted`);
}

function gated(name: string, deployed: string[]) {
  const train = step({ name: "train", enableCache: false }, () => "model-v3");
  const deploy = step({ name: "deploy", enableCache: false }, ({ model }: { model: string }) => void deployed.push(model));
  return pipeline({ name, onFailure: alerterFailureHook }, () => {
    const model = train();
    const approval = alerterAsk({}, { message: `Deploy ${name} to production?`, timeoutMs: 60_000 }, { after: [model] });
    deploy({ model }, {}, { after: [approval] });
  });
}

describe("slack alerter in a pipeline (contract fake of the Web API)", () => {
  it("deploys after an approval in the question's thread", async () => {
    const deployed: string[] = [];
    const running = gated("gate_ok", deployed).run({ repository: root, stack: "with-slack", progress: false });
    const asked = await question("gate_ok");
    expect(JSON.stringify(asked.blocks)).toContain("*Pipeline:* gate_ok");
    fake.reply("C0DEPLOYS", asked.ts, "U0LEAD", "LGTM");
    const run = await running;
    expect(deployed).toEqual(["model-v3"]);
    expect(await run.step("alerterAsk").output().load()).toEqual({ approved: true, reason: "approved", respondent: "U0LEAD", answer: "LGTM" });
    expect(JSON.stringify(run.record.stack)).not.toContain(TOKEN);
  });

  it("stops on a reject and posts the failure to the channel", async () => {
    const deployed: string[] = [];
    const running = gated("gate_no", deployed).run({ repository: root, stack: "with-slack", progress: false }).catch((e: unknown) => e);
    const asked = await question("gate_no");
    fake.reply("C0DEPLOYS", asked.ts, "U0LEAD", "reject");
    const error = await running;
    expect(error).toBeInstanceOf(PipelineRunFailedError);
    expect(deployed).toEqual([]);
    const failure = fake.messages.find((m) => m.text.includes("Pipeline *gate_no* failed"));
    expect(failure, "the failure was not posted").toBeDefined();
    expect(failure?.text).toContain("failed step: alerterAsk");
    expect(JSON.stringify(failure?.blocks)).toContain("ApprovalNotGivenError");
    expect(JSON.stringify(failure?.blocks)).toContain("U0LEAD rejected it");
  });
});
