import { defineFlavor, z } from "@koan/core";

/** The config users give on the command line (`--channel ml-alerts`) or in code. */
export const emailAlerterConfig = z.object({
  channel: z.string().min(1).describe("Channel messages go to unless a message names its own"),
  channels: z.array(z.string().min(1)).default([]).describe("Other channels messages may name"),
  timeoutMs: z.number().int().positive().default(3_600_000).describe("How long ask waits for a reply, in milliseconds"),
  pollIntervalMs: z.number().int().positive().default(1000).describe("How often ask looks for replies, in milliseconds"),
  canAsk: z.boolean().default(true).describe("Whether questions can be answered"),
});

export type EmailAlerterConfig = z.infer<typeof emailAlerterConfig>;

/** The `email` alerter flavor. */
export const emailAlerter = defineFlavor({
  type: "alerter",
  name: "email",
  description: "Posts messages to a chat service and asks for approval in replies.",
  packageName: "@koan/email",
  configSchema: emailAlerterConfig,
  async create(config) {
    // Imported here, not at the top: listing flavors must not load SDKs.
    const [{ EmailAlerter }, { MemoryChatService }] = await Promise.all([import("./email-alerter.js"), import("./chat-service.js")]);
    const service = new MemoryChatService([config.channel, ...config.channels]);
    return new EmailAlerter(service, config);
  },
});
