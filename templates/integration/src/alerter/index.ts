export { templateAlerter, templateAlerterConfig } from "./flavor.js";
export type { TemplateAlerterConfig } from "./flavor.js";
export { TemplateAlerter } from "./template-alerter.js";
export type { TemplateAlerterOptions } from "./template-alerter.js";
export { MemoryChatService } from "./chat-service.js";
export type { ChatReply, ChatService, PostOutcome } from "./chat-service.js";
