export { discordAlerter, discordAlerterConfig } from "./flavor.js";
export type { DiscordAlerterConfig } from "./flavor.js";
export { DiscordAlerter } from "./discord-alerter.js";
export { DiscordRefused } from "./discord-refused.js";
export type { DiscordRefusal } from "./discord-refused.js";
export type { DiscordAlerterOptions } from "./discord-alerter.js";
export { DISCORD_LIMITS, discordEmbed, discordMessage } from "./discord-message.js";
export type { DiscordApi, DiscordApiOptions } from "./discord-api.js";
