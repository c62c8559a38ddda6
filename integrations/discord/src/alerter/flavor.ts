import { defineFlavor, z } from "@koan/core";

/** A Discord id (a snowflake): 17 to 20 digits. */
const snowflake = z.string().regex(/^\d{17,20}$/, "a Discord id is 17 to 20 digits (turn on Developer Mode, right-click the channel, Copy Channel ID)");

/** The config users give on the command line (`--channel-id 1234...`) or in code. */
export const discordAlerterConfig = z.object({
  token: z
    .string()
    .min(1)
    .refine((token) => !/^bot\s/i.test(token), "give the token without the 'Bot ' prefix")
    .describe("The bot's token; store it as a secret and refer to it as {{discord.token}}"),
  channelId: snowflake.describe("Id of the channel messages go to unless a message names its own"),
  askBy: z
    .enum(["replies", "reactions"])
    .default("replies")
    .describe("How people answer questions: by replying with an approve or reject word, or by clicking the bot's reactions"),
  approveEmoji: z.string().min(1).default("✅").describe("The reaction that approves, when askBy is reactions"),
  rejectEmoji: z.string().min(1).default("❌").describe("The reaction that rejects, when askBy is reactions"),
  timeoutMs: z.number().int().positive().default(3_600_000).describe("How long ask waits for an answer, in milliseconds (then it counts as rejected)"),
  pollIntervalMs: z.number().int().positive().default(2000).describe("How often ask looks for answers, in milliseconds"),
  apiUrl: z
    .url({ protocol: /^https?$/ })
    .default("https://discord.com/api")
    .describe("Base URL of Discord's REST API, without the version; change it only for a proxy or a test server"),
});

export type DiscordAlerterConfig = z.infer<typeof discordAlerterConfig>;

/** How long one HTTP request to Discord may take before the client retries it. */
const REQUEST_TIMEOUT_MS = 15_000;

/** The `discord` alerter flavor. */
export const discordAlerter = defineFlavor({
  type: "alerter",
  name: "discord",
  description: "Posts pipeline messages to a Discord channel as a bot and asks for approval by replies or reactions.",
  packageName: "@koan/discord",
  configSchema: discordAlerterConfig,
  remote: true,
  async create(config) {
    // Imported here, not at the top: listing flavors must not load the REST client.
    const [{ DiscordAlerter }, { DiscordApi }] = await Promise.all([import("./discord-alerter.js"), import("./discord-api.js")]);
    const { token, apiUrl, ...options } = config;
    return new DiscordAlerter(new DiscordApi({ token, apiUrl, requestTimeoutMs: REQUEST_TIMEOUT_MS }), { ...options, apiUrl });
  },
});
