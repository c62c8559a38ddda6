import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectCode, koan, koanJson, project } from "./helpers/cli.js";
import type { Result } from "./helpers/cli.js";
import { withEchoFlavor } from "./helpers/echo-flavor.js";

const TOKEN = "xoxb-TOKEN-7f3a9c2e1d";
const PASSWORD = "p@ss-WORD-9b8c7d6e";
const FROM_FILE = "from-FILE-4e5f6a7b";
const FROM_STDIN = "from-STDIN-1a2b3c4d";
const ALL_VALUES = [TOKEN, PASSWORD, FROM_FILE, FROM_STDIN];

/** Every output of a command that is not `get --show`: no secret value may appear anywhere. */
function expectNoSecret(result: Result): Result {
  for (const value of ALL_VALUES) expect(result.all).not.toContain(value);
  return result;
}

describe.concurrent("koan secret", () => {
  it("creates, lists, gets, updates and deletes secrets, printing values only with --show", async () => {
    const dir = await project();
    const run = async (...args: string[]) => expectNoSecret(await koan(args, { cwd: dir }));
    const created = expectCode(await run("secret", "create", "slack", `--token=${TOKEN}`, "--channel", "ml-alerts"), 0);
    expect(created.stdout).toContain('Created secret "slack" (schema arbitrary; keys channel, token) in the local secrets store');
    expect(created.stderr).toContain("{{slack.channel}}");

    const list = expectCode(await run("secret", "list"), 0);
    expect(list.stdout).toMatch(/^SECRET +SCHEMA +KEYS +UPDATED$/m);
    expect(list.stdout).toMatch(/^slack +arbitrary +channel, token +\d{4}-/m);
    expect(await koanJson(["secret", "list"], { cwd: dir })).toEqual([expect.objectContaining({ name: "slack", schema: "arbitrary", keys: ["channel", "token"] })]);

    const hidden = expectCode(await run("secret", "get", "slack"), 0);
    expect(hidden.stdout).toMatch(/^token +\*{8}$/m);
    expect(hidden.stderr).toContain("add --show");
    expectNoSecret(expectCode(await koan(["secret", "get", "slack", "--json"], { cwd: dir }), 0));

    const shown = expectCode(await koan(["secret", "get", "slack", "--show"], { cwd: dir }), 0);
    expect(shown.stdout).toMatch(new RegExp(`^token +${TOKEN}$`, "m"));
    expect(await koanJson(["secret", "get", "slack", "--show"], { cwd: dir })).toMatchObject({ values: { token: TOKEN, channel: "ml-alerts" } });

    expectCode(await run("secret", "update", "slack", `--token=${PASSWORD}`), 0);
    expect(await koanJson(["secret", "get", "slack", "--show"], { cwd: dir })).toMatchObject({ values: { token: PASSWORD, channel: "ml-alerts" } });
    expect(expectCode(await run("secret", "update", "slack", "--remove", "channel"), 0).stdout).toContain('Updated secret "slack" (keys token)');
    expectCode(await run("secret", "update", "slack", "--replace", "--webhook=https://hooks.invalid/x"), 0);
    expect(await koanJson(["secret", "get", "slack", "--show"], { cwd: dir })).toMatchObject({ values: { webhook: "https://hooks.invalid/x" } });

    expect(expectCode(await run("secret", "delete", "slack"), 0).stdout).toContain('Deleted secret "slack"');
    expect(expectCode(await run("secret", "get", "slack"), 3).stderr).toContain('No secret "slack"');
    expect(expectCode(await run("secret", "list"), 0).stderr).toContain("No secrets.");

    // At rest the values are encrypted.
    const file = await readFile(join(dir, ".koan", "secrets.json"), "utf8");
    for (const value of ALL_VALUES) expect(file).not.toContain(value);
  });

  it("reads values from files and standard input, and checks every schema's keys without showing values", async () => {
    const dir = await project();
    const run = async (args: string[], input?: string) => expectNoSecret(await koan(args, { cwd: dir, ...(input === undefined ? {} : { input }) }));
    await writeFile(join(dir, "aws.env"), `# AWS\nexport AWS_ACCESS_KEY_ID=AKIAEXAMPLE\nAWS_SECRET_ACCESS_KEY="${FROM_FILE}"\n`);
    await writeFile(join(dir, "gcp.json"), JSON.stringify({ GOOGLE_APPLICATION_CREDENTIALS_JSON: `{"key":"${FROM_FILE}"}` }));
    await writeFile(join(dir, "azure.yaml"), `AZURE_CLIENT_ID: id\nAZURE_CLIENT_SECRET: ${FROM_FILE}\nAZURE_TENANT_ID: tenant\n`);
    const results = await Promise.all([
      run(["secret", "create", "aws", "--schema", "aws", "--from-file", "aws.env"]),
      run(["secret", "create", "gcp", "--schema", "gcp", "--from-file", "gcp.json"]),
      run(["secret", "create", "azure", "--schema", "azure", "--from-file", "azure.yaml"]),
      run(["secret", "create", "db", "--schema", "basic-auth", "--username=app", "--stdin"], `password=${FROM_STDIN}\n`),
      run(["secret", "create", "json-in", "--stdin"], JSON.stringify({ token: FROM_STDIN, port: 5432 })),
    ]);
    for (const result of results) expectCode(result, 0);
    expect(await koanJson(["secret", "get", "db", "--show"], { cwd: dir })).toMatchObject({ schema: "basic-auth", values: { username: "app", password: FROM_STDIN } });
    expect(await koanJson(["secret", "get", "aws", "--show"], { cwd: dir })).toMatchObject({ values: { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: FROM_FILE } });
    expect(await koanJson(["secret", "get", "json-in", "--show"], { cwd: dir })).toMatchObject({ values: { token: FROM_STDIN, port: "5432" } });

    const failures = await Promise.all([
      run(["secret", "create", "a2", "--schema", "aws", `--AWS_ACCESS_KEY_ID=${TOKEN}`]),
      run(["secret", "create", "b2", "--schema", "basic-auth", `--username=${TOKEN}`, `--pasword=${PASSWORD}`]),
      run(["secret", "create", "g2", "--schema", "gcp", `--other=${TOKEN}`]),
      run(["secret", "create", "z2", "--schema", "azure", `--AZURE_CLIENT_ID=${TOKEN}`]),
      run(["secret", "create", "x2", "--schema", "vault", `--token=${TOKEN}`]),
      run(["secret", "create", "aws", `--token=${TOKEN}`]),
      run(["secret", "create", "bad name!", `--token=${TOKEN}`]),
      run(["secret", "create", "novalues"]),
      run(["secret", "create", "stray", `token=${TOKEN}`]),
      run(["secret", "create", "flag", "--token"]),
      run(["secret", "create", "f", "--from-file", "missing.env"]),
      run(["secret", "update", "missing", `--token=${TOKEN}`]),
      run(["secret", "update", "db", "--remove", "nope"]),
      run(["secret", "get", "db", `--password=${PASSWORD}`]),
      run(["secret", "delete", "missing"]),
    ]);
    const [aws, basic, gcp, azure, schema, taken, badName, none, stray, flag, missingFile, updateMissing, removeMissing, unknownOption, deleteMissing] = failures;
    expect(expectCode(aws as Result, 4).stderr).toContain('schema "aws" requires "AWS_SECRET_ACCESS_KEY"');
    expect(expectCode(basic as Result, 4).stderr).toMatch(/requires "password".*does not take "pasword"/);
    expect(expectCode(gcp as Result, 4).stderr).toContain('requires "GOOGLE_APPLICATION_CREDENTIALS_JSON"');
    expect(expectCode(azure as Result, 4).stderr).toContain('requires "AZURE_CLIENT_SECRET", "AZURE_TENANT_ID"');
    expect(expectCode(schema as Result, 4).stderr).toContain('Unknown secret schema "vault". Known schemas: arbitrary, aws, gcp, azure, basic-auth');
    expect(expectCode(taken as Result, 5).stderr).toContain('A secret named "aws" already exists');
    expect(expectCode(badName as Result, 4).stderr).toContain("names use letters");
    expect(expectCode(none as Result, 2).stderr).toContain("No values given");
    expect(expectCode(stray as Result, 2).stderr).toContain("Too many arguments: 2 words where one is expected");
    expect(expectCode(flag as Result, 4).stderr).toContain("--token has no value");
    expect(expectCode(missingFile as Result, 3).stderr).toContain("No file missing.env");
    expect(expectCode(updateMissing as Result, 3).stderr).toContain('No secret "missing"');
    expect(expectCode(removeMissing as Result, 2).stderr).toContain('has no key "nope" to remove');
    expect(expectCode(unknownOption as Result, 2).stderr).toContain("unknown option '--password=…'");
    expect(expectCode(deleteMissing as Result, 3).stderr).toContain('No secret "missing"');
  });

  it("takes the key from KOAN_SECRETS_KEY, and names a missing or wrong key", async () => {
    const dir = await project();
    const key = randomBytes(32).toString("base64");
    expectCode(await koan(["secret", "create", "s", `--token=${TOKEN}`], { cwd: dir, env: { KOAN_SECRETS_KEY: key } }), 0);
    expect(await koanJson(["secret", "get", "s", "--show"], { cwd: dir, env: { KOAN_SECRETS_KEY: key } })).toMatchObject({ values: { token: TOKEN } });
    const wrong = expectNoSecret(expectCode(await koan(["secret", "get", "s", "--show"], { cwd: dir }), 8));
    expect(wrong.stderr).toContain("were stored with another key than the one from");
    expect(wrong.stderr).not.toContain(key);
    const malformed = expectCode(await koan(["secret", "get", "s", "--show"], { cwd: dir, env: { KOAN_SECRETS_KEY: "not-a-key" } }), 8);
    expect(malformed.stderr).toContain("not 32 bytes");
    expect(malformed.stderr).not.toContain("not-a-key");
  });

  it("resolves references at run start only; a missing secret or key fails `stack set` and the run, clearly", async () => {
    const dir = await project();
    const run = async (...args: string[]) => expectNoSecret(await koan(args, { cwd: dir }));
    await withEchoFlavor(dir, "js");
    expectCode(await run("alerter", "register", "team", "--flavor", "echo", "--token", "{{slack.token}}", "--channel", "{{slack.channel}}"), 0);
    expectCode(await run("stack", "register", "alerting", "-o", "default", "-a", "default", "--alerter", "team"), 0);

    const noSecret = expectCode(await run("stack", "set", "alerting"), 8);
    expect(noSecret.stderr).toContain('alerter "team" (token) refers to {{slack.token}}, but there is no secret "slack"');
    expect(noSecret.stderr).toContain('alerter "team" (channel) refers to {{slack.channel}}');
    expect(JSON.parse(await readFile(join(dir, ".koan", "config.json"), "utf8")).activeStack).toBe("default");

    expectCode(await run("secret", "create", "slack", `--token=${TOKEN}`), 0);
    const noKey = expectCode(await run("stack", "set", "alerting"), 8);
    expect(noKey.stderr).toContain('secret "slack" has no key "channel" (it has token)');
    expectCode(await run("secret", "update", "slack", "--channel=ml"), 0);
    expectCode(await run("stack", "set", "alerting"), 0);

    await writeFile(
      join(dir, "alert.ts"),
      `import { pipeline, step } from "@koan/core";
const notify = step({ name: "notify", enableCache: false }, async (_inputs: Record<string, never>, _params, ctx) => {
  const result = await ctx.stack.alerter?.post({ text: "model trained" });
  return result?.ok === true;
});
await pipeline({ name: "alerting" }, () => {
  notify();
}).run();
`,
    );
    const ok = expectCode(await run("run", "alert.ts"), 0);
    expect(ok.stdout).toContain(`[echo #ml] model trained (token of ${TOKEN.length} characters)`);
    expect(ok.stdout).toMatch(/Run alerting-\S+ completed/);
    // The run records the references, never the values.
    const [record] = await koanJson<{ name: string; stack: unknown }[]>(["run", "list"], { cwd: dir });
    expect(JSON.stringify(record?.stack)).toContain("{{slack.token}}");
    expectNoSecret(expectCode(await koan(["run", "describe", record?.name as string, "--json"], { cwd: dir }), 0));
    expectNoSecret(expectCode(await koan(["run", "logs", record?.name as string], { cwd: dir }), 0));
    expectNoSecret(expectCode(await koan(["alerter", "describe", "team", "--json"], { cwd: dir }), 0));
    expectNoSecret(expectCode(await koan(["stack", "export", "alerting"], { cwd: dir }), 0));

    // Removing the key makes the next run fail at its start, before any step, naming the reference.
    const removed = expectCode(await run("secret", "update", "slack", "--remove", "channel"), 0);
    expect(removed.stderr).toContain('alerter "team" ({{slack.channel}})');
    const failed = expectCode(await run("run", "alert.ts"), 8);
    expect(failed.stderr).toContain('Stack "alerting" refers to secrets that cannot be resolved: alerter "team" (channel) refers to {{slack.channel}}');
    expect(failed.stdout).not.toMatch(/Run alerting-/);
    expect((await koanJson<unknown[]>(["run", "list"], { cwd: dir })).length).toBe(1);
  });

  it("works on the active stack's own secrets manager when it has one", async () => {
    const dir = await project();
    const run = async (...args: string[]) => expectNoSecret(await koan(args, { cwd: dir }));
    expectCode(await run("secrets-manager", "register", "team", "--flavor", "local", "--path", ".koan/team-secrets.json"), 0);
    expectCode(await run("stack", "register", "team", "-o", "default", "-a", "default", "--secrets-manager", "team", "--set"), 0);
    expect(expectCode(await run("secret", "create", "k", `--token=${TOKEN}`), 0).stdout).toContain('in secrets manager "team" (local)');
    const teamFile = await readFile(join(dir, ".koan", "team-secrets.json"), "utf8");
    expect(teamFile).toContain('"k"');
    expect(teamFile).not.toContain(TOKEN);
    expectCode(await run("stack", "set", "default"), 0);
    expect(expectCode(await run("secret", "list"), 0).stderr).toContain("No secrets.");
  });
});
