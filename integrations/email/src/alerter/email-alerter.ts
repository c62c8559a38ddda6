import { AlerterUnreachableError, NotSupportedError, redactValues } from "@koan/core";
import type { Alerter, AlerterMessage, ApprovalResult, PostResult } from "@koan/core/contracts";
import { createTransport } from "nodemailer";
import type { Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { EmailAlerterConfig } from "./flavor.js";
import { emailContent } from "./email-content.js";

export type EmailAlerterOptions = EmailAlerterConfig;

/** Errors nodemailer raises when the server answered and refused (a login, a recipient, the message), not when it could not be reached. */
const REFUSALS = new Set(["EAUTH", "EENVELOPE", "EMESSAGE", "EPROTOCOL"]);

/**
 * Emails messages over SMTP with nodemailer: a subject from the status and
 * the first line, and the text with the run's facts as plain text and HTML.
 * Mail cannot carry an answer back, so `ask` is refused with
 * `NotSupportedError`.
 */
export class EmailAlerter implements Alerter {
  readonly specVersion = 1 as const;
  readonly type = "alerter" as const;
  readonly flavor = "email";
  readonly #transport: Transporter<SMTPTransport.SentMessageInfo>;
  /** Credentials to scrub from any message that leaves this class. */
  readonly #secrets: string[];

  constructor(readonly options: EmailAlerterOptions) {
    this.#secrets = [options.password, options.username].filter((v): v is string => v !== undefined);
    this.#transport = createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure,
      requireTLS: options.requireTLS,
      ...(options.username !== undefined || options.password !== undefined ? { auth: { user: options.username ?? "", pass: options.password ?? "" } } : {}),
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
  }

  async post(message: AlerterMessage): Promise<PostResult> {
    const content = emailContent(message.text, message.context, this.options.subjectPrefix);
    try {
      const info = await this.#transport.sendMail({
        from: this.options.from,
        to: message.channel ?? [...this.options.to],
        subject: content.subject,
        text: content.text,
        html: content.html,
      });
      if (info.rejected.length > 0) return { ok: false, ...(info.messageId ? { messageId: info.messageId } : {}), error: `refused recipients: ${info.rejected.map(String).join(", ")}` };
      return { ok: true, messageId: info.messageId };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const reason = redactValues(error instanceof Error ? error.message : String(error), this.#secrets);
      // The server answered and said no: a refusal, not an exception.
      if (typeof code === "string" && REFUSALS.has(code)) return { ok: false, error: reason };
      // No cause: nodemailer's error may hold the credentials, which must not leave this class.
      throw new AlerterUnreachableError("email", `${this.options.host}:${this.options.port}`, reason, { hint: "Check the host, the port and secure/requireTLS." });
    }
  }

  async ask(): Promise<ApprovalResult> {
    throw new NotSupportedError(
      "The email alerter",
      "ask",
      "A mail cannot carry an answer back to the pipeline. Use an alerter that can ask (slack, discord, mattermost) for alerterAsk, and email for notifications",
    );
  }

  async close(): Promise<void> {
    this.#transport.close();
  }
}
