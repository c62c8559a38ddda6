import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlerterUnreachableError } from "@koan/core";
import { alerterSuite, flavorSuite } from "@koan/testing";
import { EmailAlerter, emailAlerter } from "../src/alerter/index.js";
import type { EmailAlerterConfig } from "../src/alerter/index.js";
import { SmtpTestServer } from "./smtp-test-server.js";

const USER = "koan-bot";
const PASSWORD = "smtp-test-password-value";
const context = { componentName: "conformance", repositoryRoot: process.cwd() };
const server = new SmtpTestServer(USER, PASSWORD);
let port = 0;

beforeAll(async () => {
  port = await server.start();
});
afterAll(() => server.stop());

const created: EmailAlerter[] = [];
afterAll(() => Promise.all(created.map((a) => a.close())));

async function create(overrides: Partial<Record<keyof EmailAlerterConfig, unknown>> = {}): Promise<EmailAlerter> {
  const config = emailAlerter.parseConfig({
    host: "127.0.0.1",
    port,
    requireTLS: false,
    username: USER,
    password: PASSWORD,
    from: "Koan <koan@example.test>",
    to: ["ml-team@example.test"],
    timeoutMs: 10_000,
    ...overrides,
  });
  const alerter = (await emailAlerter.create(config, context)) as EmailAlerter;
  created.push(alerter);
  return alerter;
}

alerterSuite({
  name: "email (local SMTP server)",
  create: () => create(),
  capabilities: { ask: false },
  async delivered(token) {
    const mail = server.find(token);
    return mail && { text: mail.parsed.text ?? "", channel: mail.envelopeTo.join(",") };
  },
  refusedMessage: { text: "to a mailbox that does not exist", channel: "nobody@refused.test" },
  otherChannel: "ops@example.test",
});

flavorSuite({
  flavor: emailAlerter,
  validConfig: { host: "smtp.example.com", username: "{{smtp.username}}", password: "{{smtp.password}}", from: "koan@example.com", to: ["ml@example.com"] },
  invalidConfigs: [
    { config: { from: "koan@example.com", to: ["ml@example.com"] }, path: "host" },
    { config: { host: "h", from: "koan@example.com", to: [] }, path: "to" },
    { config: { host: "h", from: "koan@example.com", to: ["not an address"] }, path: "to[0]" },
    { config: { host: "h", from: "koan@example.com", to: ["ml@example.com"], port: 70_000 }, path: "port" },
  ],
  context,
  packageName: "@koan/email",
});

describe("email alerter against a local SMTP server", () => {
  it("sends a mail with the run's context as text and HTML, logged in with the configured credentials", async () => {
    const alerter = await create();
    const result = await alerter.post({
      text: "Run **nightly** failed <script>x</script>, see [logs](https://koan.example/runs/r1/logs) mail-ctx-1",
      context: { pipeline: "training", runId: "r1", runName: "nightly-1", step: "train", status: "failed", url: "https://koan.example/runs/r1", error: "Error: out of memory" },
    });
    expect(result.ok, result.error).toBe(true);
    const mail = server.find("mail-ctx-1");
    expect(mail).toBeDefined();
    if (!mail) return;
    expect(mail.user).toBe(USER);
    expect(mail.envelopeFrom).toBe("koan@example.test");
    expect(mail.envelopeTo).toEqual(["ml-team@example.test"]);
    expect(mail.parsed.subject).toBe("[koan] failed: Run nightly failed <script>x</script>, see logs mail-ctx-1");
    expect(mail.parsed.from?.text).toBe('"Koan" <koan@example.test>');
    expect(mail.parsed.messageId).toBe(result.messageId);
    expect(mail.raw).toMatch(/^Content-Type: multipart\/alternative/m);
    const text = mail.parsed.text ?? "";
    for (const line of ["Pipeline: training", "Run: nightly-1", "Run id: r1", "Step: train", "Status: failed", "Error:\nError: out of memory", "Run: https://koan.example/runs/r1"]) {
      expect(text).toContain(line);
    }
    const html = typeof mail.parsed.html === "string" ? mail.parsed.html : "";
    expect(html).toContain("<strong>nightly</strong>");
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).toContain('<a href="https://koan.example/runs/r1/logs">logs</a>');
    expect(html).toContain('<tr><th align="left">Step</th><td>train</td></tr>');
    expect(html).toContain("<pre>Error: out of memory</pre>");
    expect(html).toContain('<a href="https://koan.example/runs/r1">View the run</a>');
  });

  it("keeps header injection out of the subject", async () => {
    const alerter = await create();
    await alerter.post({ text: "first line mail-inject\nBcc: victim@example.test" });
    const mail = server.find("mail-inject");
    expect(mail?.parsed.subject).toBe("[koan] first line mail-inject");
    expect(mail?.parsed.bcc).toBeUndefined();
    expect(mail?.envelopeTo).toEqual(["ml-team@example.test"]);
  });

  it("resolves ok: false when the server refuses the login, without the password in the error", async () => {
    const alerter = await create({ password: "wrong-password-value" });
    const result = await alerter.post({ text: "mail-badauth" });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/535|Invalid login/);
    expect(result.error).not.toContain("wrong-password-value");
    expect(server.failedLogins).toContain(USER);
    expect(server.find("mail-badauth")).toBeUndefined();
  });

  it("refuses to log in over an unencrypted connection unless requireTLS is turned off", async () => {
    const alerter = await create({ requireTLS: true });
    const error = (await alerter.post({ text: "mail-notls" }).catch((e: unknown) => e)) as { code?: string; message?: string };
    // nodemailer stops before AUTH, as the server does not offer STARTTLS: a config problem, so post rejects.
    expect(error.code).toBe("ALERTER_UNREACHABLE");
    expect(error.message).toContain("STARTTLS");
    expect(error.message).toContain("requireTLS");
    expect(server.find("mail-notls")).toBeUndefined();
  });

  it("delivers to the accepted recipients and resolves ok: false naming the refused ones", async () => {
    const alerter = await create({ to: ["ml-team@example.test", "nobody@refused.test"] });
    const result = await alerter.post({ text: "mail-partial" });
    expect(result.ok).toBe(false);
    expect(result.error).toBe("refused recipients: nobody@refused.test");
    expect(server.find("mail-partial")?.envelopeTo).toEqual(["ml-team@example.test"]);
  });

  it("rejects with ALERTER_UNREACHABLE when nothing listens", async () => {
    const alerter = await create({ port: 9, timeoutMs: 2_000 });
    const error = (await alerter.post({ text: "x" }).catch((e: unknown) => e)) as { code?: string; message?: string };
    expect(error).toBeInstanceOf(AlerterUnreachableError);
    expect(error.code).toBe("ALERTER_UNREACHABLE");
    expect(error.message).toContain("127.0.0.1:9");
    expect(error.message).not.toContain(PASSWORD);
  });
});
