import { alerterSuite, flavorSuite } from "@koan/testing";
import type { AskedQuestion, Reply } from "@koan/testing";
import { MemoryChatService, EmailAlerter, emailAlerter } from "../src/alerter/index.js";

const context = { componentName: "conformance", repositoryRoot: process.cwd() };
const config = { channel: "ml-alerts", channels: ["ops"], pollIntervalMs: 10 };

let created: EmailAlerter | undefined;

/** The chat service the created alerter talks to; the tests play its users. */
function chat(): MemoryChatService {
  if (!(created?.service instanceof MemoryChatService)) throw new Error("The alerter was not created");
  return created.service;
}

/** Waits until a message containing `token` was posted, as a person watching the channel would. */
async function waitForMessage(token: string): Promise<{ id: string; channel: string; text: string }> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const message = chat().find(token);
    if (message) return message;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`No message containing ${token} was posted`);
}

alerterSuite({
  name: "email",
  create: async () => {
    created = (await emailAlerter.create(emailAlerter.parseConfig(config), context)) as EmailAlerter;
    return created;
  },
  capabilities: { ask: true },
  async respond(question: AskedQuestion, reply: Reply) {
    const message = await waitForMessage(question.token);
    chat().reply(message.id, reply.respondent, reply.text);
  },
  async delivered(token) {
    const message = chat().find(token);
    return message && { text: message.text, channel: message.channel };
  },
  refusedMessage: { text: "to nowhere", channel: "no-such-channel" },
  otherChannel: "ops",
});

alerterSuite({
  name: "email without replies",
  create: () => emailAlerter.create(emailAlerter.parseConfig({ ...config, canAsk: false }), context),
  capabilities: { ask: false },
});

flavorSuite({
  flavor: emailAlerter,
  validConfig: config,
  invalidConfigs: [
    { config: {}, path: "channel" },
    { config: { channel: "ml-alerts", timeoutMs: -1 }, path: "timeoutMs" },
  ],
  context,
  packageName: "@koan/email",
});
