export { emailAlerter, emailAlerterConfig } from "./flavor.js";
export type { EmailAlerterConfig } from "./flavor.js";
export { EmailAlerter } from "./email-alerter.js";
export type { EmailAlerterOptions } from "./email-alerter.js";
export { emailContent } from "./email-content.js";
export type { EmailContent } from "./email-content.js";
