import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Alerter } from "../src/contracts.js";
import { Client } from "../src/client/client.js";
import { pipeline } from "../src/pipeline/pipeline.js";
import { flavors } from "../src/registry/default-registry.js";
import { defineFlavor } from "../src/registry/flavor.js";
import { loadStack } from "../src/repository/load-stack.js";
import { initRepository, openRepository } from "../src/repository/repository.js";
import { SecretReferenceError } from "../src/secrets/errors.js";
import { repositorySecretsManager } from "../src/secrets/local-secrets-flavor.js";
import { findSecretReferences, redactValues, resolveSecretReferences } from "../src/secrets/secret-references.js";
import { checkStackSecrets, openSecretsManager } from "../src/secrets/stack-secrets.js";
import { SECRETS_KEY_ENV } from "../src/secrets/secrets-key.js";
import { step } from "../src/step/step.js";
import { tempRepository } from "./helpers/temp-repository.js";

const TOKEN = "xoxb-very-secret-token-value";
let savedKey: string | undefined;
beforeEach(() => {
  savedKey = process.env[SECRETS_KEY_ENV];
  delete process.env[SECRETS_KEY_ENV];
});
afterEach(() => {
  if (savedKey !== undefined) process.env[SECRETS_KEY_ENV] = savedKey;
});

/** An alerter flavor that records the config it was created with, and can fail showing it. */
const seen: { config: unknown }[] = [];
const recordingAlerter = defineFlavor({
  type: "alerter",
  name: "test-recording",
  description: "records its config",
  configSchema: z.object({ token: z.string(), url: z.string().default("https://example.invalid"), fail: z.boolean().default(false) }),
  async create(config) {
    seen.push({ config });
    if (config.fail) throw new Error(`could not connect with token ${config.token} to ${config.url}`);
    const alerter: Alerter = {
      specVersion: 1,
      type: "alerter",
      flavor: "test-recording",
      post: async () => ({ ok: true }),
      ask: async () => ({ approved: true, reason: "approved" }),
    };
    return alerter;
  },
});
flavors.register(recordingAlerter);

describe("secret references", () => {
  it("are found anywhere in a config and resolved, whole or inside a string", async () => {
    const config = { token: "{{slack.token}}", nested: { url: "https://u:{{ db.password }}@host/{{db.name}}" }, list: ["{{a.b.c.key}}", 3] };
    expect(findSecretReferences(config)).toEqual([
      { secret: "slack", key: "token", path: "token" },
      { secret: "db", key: "password", path: "nested.url" },
      { secret: "db", key: "name", path: "nested.url" },
      { secret: "a.b.c", key: "key", path: "list[0]" },
    ]);
    const values: Record<string, string> = { "slack.token": "T", "db.password": "P", "db.name": "N", "a.b.c.key": "K" };
    const resolved = await resolveSecretReferences(config, async (s, k) => values[`${s}.${k}`] as string);
    expect(resolved.config).toEqual({ token: "T", nested: { url: "https://u:P@host/N" }, list: ["K", 3] });
    expect(config.token).toBe("{{slack.token}}");
    expect(redactValues(`a ${TOKEN} b`, [TOKEN])).toBe("a **** b");
  });

  async function repositoryWithAlerter(config: Record<string, unknown>) {
    const root = await tempRepository();
    const { repository } = await initRepository(root, { create: true });
    const { store } = repository;
    await store.saveComponent({ name: "slack", type: "alerter", flavor: "test-recording", config: config as never });
    await store.saveStack({ name: "with-alerter", components: { orchestrator: "default", artifact_store: "default", alerter: "slack" } });
    return { root, store };
  }

  const hello = step({ name: "hello" }, () => "hi");
  const p = pipeline({ name: "secret-refs" }, () => {
    hello();
  });

  it("are resolved when the run creates the component, and stay unresolved in the records", async () => {
    const { root } = await repositoryWithAlerter({ token: "{{slack.token}}" });
    await repositorySecretsManager(root).create({ name: "slack", values: { token: TOKEN } });
    seen.length = 0;
    const run = await p.run({ repository: root, stack: "with-alerter", progress: false });
    expect(seen.at(-1)?.config).toMatchObject({ token: TOKEN });
    expect(JSON.stringify(run.record.stack)).toContain("{{slack.token}}");
    expect(JSON.stringify(run.record.stack)).not.toContain(TOKEN);
  });

  it("that are missing fail the run before it starts, naming every problem and no value", async () => {
    const { root, store } = await repositoryWithAlerter({ token: "{{slack.token}}", url: "{{hooks.url}}" });
    await repositorySecretsManager(root).create({ name: "slack", values: { webhook: TOKEN } });
    const error = await p.run({ repository: root, stack: "with-alerter", progress: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretReferenceError);
    const message = (error as Error).message;
    expect(message).toContain(`alerter "slack" (token) refers to {{slack.token}}, but secret "slack" has no key "token" (it has webhook)`);
    expect(message).toContain(`alerter "slack" (url) refers to {{hooks.url}}, but there is no secret "hooks"`);
    expect(message).not.toContain(TOKEN);
    expect(await store.listRuns({ pipeline: "secret-refs" })).toEqual([]);

    const stack = await loadStack(store, "with-alerter");
    expect(await checkStackSecrets(stack, root)).toHaveLength(2);
  });

  it("scrub their values from errors raised while creating the component", async () => {
    const { root, store } = await repositoryWithAlerter({ token: "{{slack.token}}", fail: true });
    await repositorySecretsManager(root).create({ name: "slack", values: { token: TOKEN } });
    const error = await p.run({ repository: root, stack: "with-alerter", progress: false }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("could not connect with token **** to https://example.invalid");
    expect((error as Error).stack).not.toContain(TOKEN);
    expect(await checkStackSecrets(await loadStack(store, "with-alerter"), root)).toEqual([]);
  });

  it("resolve against the stack's own secrets manager when it has one", async () => {
    const { root, store } = await repositoryWithAlerter({ token: "{{team.token}}" });
    await store.saveComponent({ name: "team", type: "secrets_manager", flavor: "local", config: { path: "team-secrets.json" } });
    await store.updateStack("with-alerter", { components: { secrets_manager: "team" } });
    const stack = await loadStack(store, "with-alerter");
    // The repository's own store does not have it...
    await repositorySecretsManager(root).create({ name: "other", values: { k: "v-other" } });
    expect(await checkStackSecrets(stack, root)).toEqual([expect.stringContaining(`there is no secret "team"`)]);
    // ...the stack's manager does.
    const opened = await openSecretsManager({ repositoryRoot: root, component: stack.components.secrets_manager });
    await opened.manager.create({ name: "team", values: { token: "team-token-value" } });
    await opened.close();
    expect(await checkStackSecrets(stack, root)).toEqual([]);
    seen.length = 0;
    const run = await p.run({ repository: root, stack: "with-alerter", progress: false });
    expect(seen.at(-1)?.config).toMatchObject({ token: "team-token-value" });
    expect(run.status).toBe("completed");
    expect(join(root, "team-secrets.json")).toBeTruthy();
  });

  it("need no secrets key when a stack has none", async () => {
    const root = await tempRepository();
    await initRepository(root, { create: true });
    await import("node:fs/promises").then((fs) => fs.rm(join(root, ".koan", "secrets.key")));
    const run = await p.run({ repository: root, progress: false });
    expect(run.status).toBe("completed");
    const client = await Client.open({ root });
    expect((await client.listRuns()).length).toBe(1);
    expect((await openRepository({ root })).root).toBe(root);
  });
});
