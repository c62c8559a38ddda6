// The whole path a user takes, against a real SMTP server (smtp-server,
// started in the test on 127.0.0.1 with AUTH required): the component
// registered as the CLI does, its credentials {{smtp.username}} and
// {{smtp.password}} references to a basic-auth secret resolved by core when
// the run creates it, and a failing step reported by alerterFailureHook.
// No peer is needed: the server is a library the test starts itself.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerterAsk, alerterFailureHook, alerterPost, closeRepositories, flavors, initRepository, pipeline, PipelineRunFailedError, repositorySecretsManager, step } from "@koan/core";
import { emailAlerter } from "../src/alerter/index.js";
import { SmtpTestServer } from "./smtp-test-server.js";

const USER = "koan-int";
const PASSWORD = "smtp-int-password-value";
const server = new SmtpTestServer(USER, PASSWORD);
let root = "";

beforeAll(async () => {
  const port = await server.start();
  if (!flavors.has("alerter", "email")) flavors.register(emailAlerter);
  root = await mkdtemp(join(tmpdir(), "koan-email-int-"));
  const { repository } = await initRepository(root, { create: true });
  await repositorySecretsManager(root).create({ name: "smtp", schema: "basic-auth", values: { username: USER, password: PASSWORD } });
  await repository.store.saveComponent({
    name: "team-mail",
    type: "alerter",
    flavor: "email",
    config: {
      host: "127.0.0.1",
      port,
      requireTLS: false,
      username: "{{smtp.username}}",
      password: "{{smtp.password}}",
      from: "koan@example.test",
      to: ["ml-team@example.test"],
    },
  });
  await repository.store.saveStack({ name: "with-mail", components: { orchestrator: "default", artifact_store: "default", alerter: "team-mail" } });
});

afterAll(async () => {
  await closeRepositories();
  await server.stop();
  await rm(root, { recursive: true, force: true });
});

describe("email alerter in a pipeline (local SMTP server)", () => {
  it("mails a step's failure with the error and the run, logged in with the secret's credentials", async () => {
    const evaluate = step({ name: "evaluate", onFailure: alerterFailureHook, enableCache: false }, (): number => {
      throw new Error("accuracy 0.41 is below 0.9");
    });
    const p = pipeline({ name: "mail_failure" }, () => {
      evaluate();
    });
    const error = (await p.run({ repository: root, stack: "with-mail", progress: false }).catch((e: unknown) => e)) as PipelineRunFailedError;
    expect(error).toBeInstanceOf(PipelineRunFailedError);
    const mail = server.mails.find((m) => m.parsed.subject?.includes("evaluate"));
    expect(mail, "the failure was not mailed").toBeDefined();
    expect(mail?.user).toBe(USER);
    expect(mail?.parsed.subject).toMatch(/^\[koan\] failed: Step evaluate of pipeline mail_failure failed in run mail_failure-\S+\.$/);
    expect(mail?.parsed.text).toContain(`Run id: ${error.runId}`);
    expect(mail?.parsed.text).toContain("Error: accuracy 0.41 is below 0.9");
    expect(mail?.parsed.text).not.toContain(PASSWORD);
  });

  it("mails what an alerterPost step says", async () => {
    const p = pipeline({ name: "mail_post" }, () => {
      alerterPost({}, { message: "Model **v7** is ready mail-post-int" });
    });
    const run = await p.run({ repository: root, stack: "with-mail", progress: false });
    expect(await run.step("alerterPost").output().load()).toMatchObject({ ok: true });
    const mail = server.find("mail-post-int");
    expect(mail?.parsed.subject).toBe("[koan] Model v7 is ready mail-post-int");
    expect(mail?.parsed.text).toContain("Pipeline: mail_post");
    expect(mail?.parsed.text).toContain(`Run: ${run.name}`);
  });

  it("cannot ask: an alerterAsk step fails with NotSupportedError", async () => {
    const p = pipeline({ name: "mail_ask" }, () => {
      alerterAsk({}, { message: "Deploy?" });
    });
    const error = (await p.run({ repository: root, stack: "with-mail", progress: false }).catch((e: unknown) => e)) as PipelineRunFailedError;
    expect(error.message).toContain("NotSupportedError");
    expect(error.message).toContain("does not support ask");
  });
});
