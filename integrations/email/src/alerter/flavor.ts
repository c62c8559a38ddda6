import { defineFlavor, z } from "@koan/core";

/** The config users give on the command line (`--host smtp.example.com --to ml@example.com`) or in code. */
export const emailAlerterConfig = z.object({
  host: z.string().min(1).describe("SMTP server host name"),
  port: z.number().int().min(1).max(65_535).default(587).describe("SMTP port: 587 (submission, STARTTLS) by default, 465 with secure, 25 for a relay"),
  secure: z.boolean().default(false).describe("Use TLS from the start (port 465); otherwise STARTTLS is used when the server offers it"),
  requireTLS: z.boolean().default(true).describe("Refuse to send (and to log in) unless the connection is encrypted; turn off only for a trusted relay"),
  username: z.string().min(1).optional().describe("SMTP user; use a secret reference such as {{smtp.username}} (basic-auth schema)"),
  password: z.string().min(1).optional().describe("SMTP password; use a secret reference such as {{smtp.password}} (basic-auth schema)"),
  from: z.string().min(3).describe('Sender, e.g. "Koan <koan@example.com>"'),
  to: z.array(z.email()).min(1).describe("Recipients, comma-separated on the command line; a message's channel names another recipient instead"),
  subjectPrefix: z.string().default("[koan]").describe("Put before every subject, to filter the mails"),
  timeoutMs: z.number().int().positive().default(30_000).describe("Gives up on connecting, greeting or a command after this many milliseconds"),
});

export type EmailAlerterConfig = z.infer<typeof emailAlerterConfig>;

/** The `email` alerter flavor. */
export const emailAlerter = defineFlavor({
  type: "alerter",
  name: "email",
  description: "Emails pipeline messages with their run context over SMTP (posts only; cannot ask).",
  packageName: "@koan/email",
  configSchema: emailAlerterConfig,
  async create(config) {
    // Imported here, not at the top: listing flavors must not load nodemailer.
    const { EmailAlerter } = await import("./email-alerter.js");
    return new EmailAlerter(config);
  },
});
