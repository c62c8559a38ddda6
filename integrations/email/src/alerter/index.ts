export { emailAlerter, emailAlerterConfig } from "./flavor.js";
export type { EmailAlerterConfig } from "./flavor.js";
export { EmailAlerter } from "./email-alerter.js";
export type { EmailAlerterOptions } from "./email-alerter.js";
export { MemoryChatService } from "./chat-service.js";
export type { ChatReply, ChatService, PostOutcome } from "./chat-service.js";
