export { slackAlerter, slackAlerterConfig } from "./flavor.js";
export type { SlackAlerterConfig } from "./flavor.js";
export { SlackAlerter } from "./slack-alerter.js";
export type { SlackAlerterOptions } from "./slack-alerter.js";
export { slackMessage } from "./slack-message.js";
export type { SlackBlock, SlackMessage } from "./slack-message.js";
export { SLACK_LIMITS } from "./slack-limits.js";
