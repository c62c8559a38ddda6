import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import type { ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A mail as the server received it: the SMTP envelope and the parsed message. */
export interface ReceivedMail {
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  readonly user: string | undefined;
  readonly parsed: ParsedMail;
  readonly raw: string;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 at a free
 * port, for the tests: it requires AUTH (PLAIN or LOGIN) with one username
 * and password, refuses recipients at `refused.test` with 550 as a mail
 * server refuses an unknown mailbox, and keeps every delivered mail, parsed.
 * STARTTLS is off because the test has no certificate the client would
 * trust; the alerter is configured with `requireTLS: false` for it.
 */
export class SmtpTestServer {
  readonly mails: ReceivedMail[] = [];
  readonly failedLogins: string[] = [];
  readonly #server: SMTPServer;

  constructor(
    readonly username: string,
    readonly password: string,
  ) {
    this.#server = new SMTPServer({
      authMethods: ["PLAIN", "LOGIN"],
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.username && auth.password === this.password) return callback(null, { user: auth.username });
        this.failedLogins.push(auth.username ?? "");
        const error = Object.assign(new Error("Authentication credentials invalid"), { responseCode: 535 });
        return callback(error);
      },
      onRcptTo: (address, _session, callback) => {
        if (address.address.endsWith("@refused.test")) {
          return callback(Object.assign(new Error(`Mailbox ${address.address} does not exist`), { responseCode: 550 }));
        }
        return callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          simpleParser(raw)
            .then((parsed) => {
              this.mails.push({
                envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                envelopeTo: session.envelope.rcptTo.map((r) => r.address),
                user: typeof session.user === "string" ? session.user : undefined,
                parsed,
                raw,
              });
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
  }

  /** Starts listening; resolves with the port. */
  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", () => resolve()));
    return (this.#server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** The first mail whose text contains `token`. */
  find(token: string): ReceivedMail | undefined {
    return this.mails.find((m) => (m.parsed.text ?? "").includes(token));
  }
}
