// The conformance suite against the real service, which scripts/peers/
// starts (or a contract fake of it) and points to with KOAN_EMAIL_URL.
// Under KOAN_REQUIRE_PEERS=1 (as in CI) a missing service fails the run
// instead of skipping it. This alerter's chat service lives in memory, so
// it falls back to that: when your flavor talks to a real service, remove
// the fallback, and make respond() reply through the service's API.
import { alerterSuite, peer } from "@koan/testing";
import { describe } from "vitest";
import { MemoryChatService, EmailAlerter, emailAlerter } from "../src/alerter/index.js";

const service = peer({ env: "KOAN_EMAIL_URL", start: "scripts/peers/email.sh", fallback: "in-memory" });

describe.skipIf(!service.available)(`email alerter ${service.title}`, () => {
  let chat: MemoryChatService | undefined;
  alerterSuite({
    name: "email (integration)",
    create: async () => {
      const alerter = (await emailAlerter.create(emailAlerter.parseConfig({ channel: "int", pollIntervalMs: 10 }), {
        componentName: "int",
        repositoryRoot: process.cwd(),
      })) as EmailAlerter;
      chat = alerter.service as MemoryChatService;
      return alerter;
    },
    capabilities: { ask: true },
    async respond(question, reply) {
      for (let attempt = 0; attempt < 500; attempt++) {
        const message = chat?.find(question.token);
        if (message) return chat?.reply(message.id, reply.respondent, reply.text);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`The question ${question.token} was never posted`);
    },
  });
});
