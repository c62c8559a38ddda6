import { defineFlavor, InvalidConfigError, z } from "@koan/core";

/** The config users give on the command line (`--url https://chat.example.com --token "{{mattermost.token}}" --channel-id ...`) or in code. */
export const mattermostAlerterConfig = z
  .object({
    url: z.url({ protocol: /^https?$/ }).optional().describe("The Mattermost server's URL, e.g. https://chat.example.com (for the REST API)"),
    token: z.string().min(1).optional().describe("A bot or personal access token; store it as a secret and refer to it as {{mattermost.token}}"),
    channelId: z
      .string()
      .regex(/^[a-z0-9]{26}$/, "a Mattermost channel id is 26 lower-case letters and digits (channel menu, View Info)")
      .optional()
      .describe("Id of the channel messages go to unless a message names its own"),
    webhookUrl: z
      .string()
      .min(1)
      .optional()
      .describe("An incoming webhook's URL, for post-only use (ask is then refused); store it as a secret and refer to it as {{mattermost-hook.webhook}}"),
    timeoutMs: z.number().int().positive().default(3_600_000).describe("How long ask waits for a reply, in milliseconds (then it counts as rejected)"),
    pollIntervalMs: z.number().int().positive().default(1000).describe("How often ask looks for replies, in milliseconds"),
  })
  .superRefine((config, ctx) => {
    const api = config.url !== undefined || config.token !== undefined || config.channelId !== undefined;
    if (api && config.webhookUrl !== undefined) {
      ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: "give either webhookUrl (post only) or url, token and channelId (post and ask), not both" });
      return;
    }
    if (config.webhookUrl !== undefined) return;
    for (const key of ["url", "token", "channelId"] as const) {
      if (config[key] === undefined) {
        ctx.addIssue({ code: "custom", path: [key], message: "required for the REST API; or give only webhookUrl to post without asking" });
      }
    }
  });

export type MattermostAlerterConfig = z.infer<typeof mattermostAlerterConfig>;

/** The `mattermost` alerter flavor. */
export const mattermostAlerter = defineFlavor({
  type: "alerter",
  name: "mattermost",
  description: "Posts pipeline messages to a Mattermost channel (REST API or incoming webhook) and asks for approval in threads.",
  packageName: "@koan/mattermost",
  configSchema: mattermostAlerterConfig,
  remote: true,
  async create(config) {
    const [{ MattermostAlerter }, { MattermostApi, MattermostWebhook }] = await Promise.all([import("./mattermost-alerter.js"), import("./mattermost-api.js")]);
    const options = {
      timeoutMs: config.timeoutMs,
      pollIntervalMs: config.pollIntervalMs,
      ...(config.channelId !== undefined ? { channelId: config.channelId } : {}),
    };
    if (config.webhookUrl !== undefined) {
      // Checked here, not in the schema: at registration the field holds a {{secret.key}} reference.
      if (!isHttpUrl(config.webhookUrl)) {
        throw new InvalidConfigError("alerter/mattermost", [{ path: "webhookUrl", message: "is not an http(s) URL (the value is not shown: it is a credential)" }]);
      }
      return new MattermostAlerter({ webhook: new MattermostWebhook(config.webhookUrl) }, options);
    }
    return new MattermostAlerter({ api: new MattermostApi(config.url as string, config.token as string) }, options);
  },
});

function isHttpUrl(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}
