import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { KNOWN_INTEGRATIONS } from "../src/integrations/known-integrations.js";
import { expectCode, koan, koanJson, project } from "./helpers/cli.js";

interface IntegrationJson {
  name: string;
  package: string;
  flavors: string[];
  installed: boolean;
  builtIn: boolean;
  source: string;
  problems: string[];
}

/** A package manager stand-in on PATH that records how it was called, and fails when FAKE_PM_FAIL is set. */
async function fakePackageManagers(dir: string): Promise<{ env: Record<string, string>; calls: () => Promise<string[]> }> {
  const bin = join(dir, "fake-bin");
  await mkdir(bin, { recursive: true });
  const log = join(dir, "pm-calls.log");
  for (const name of ["npm", "pnpm", "yarn", "bun"]) {
    const script = `#!/bin/sh\necho "${name} $* (in $(pwd))" >> "${log}"\nif [ -n "$FAKE_PM_FAIL" ]; then echo "${name}: registry unreachable" >&2; exit 3; fi\n`;
    await writeFile(join(bin, name), script);
    await chmod(join(bin, name), 0o755);
  }
  return {
    env: { PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` },
    calls: async () => (await readFile(log, "utf8").catch(() => "")).trim().split("\n").filter(Boolean),
  };
}

/** An installed third-party integration: a package whose package.json has a "koan" field. */
async function installFakeIntegration(dir: string, name: string, flavorsJs: string): Promise<void> {
  const pkg = join(dir, "node_modules", ...name.split("/"));
  await mkdir(join(pkg, "dist"), { recursive: true });
  await writeFile(join(pkg, "package.json"), JSON.stringify({ name, version: "2.3.4", type: "module", koan: { flavors: "./dist/flavors.js" } }));
  await writeFile(join(pkg, "dist", "flavors.js"), flavorsJs);
}

const CHAT_FLAVORS = `
import { defineFlavor, z } from "@koan/core";
export const chat = defineFlavor({
  type: "alerter",
  name: "chat",
  description: "Posts to a chat",
  packageName: "@acme/koan-chat",
  configSchema: z.object({ webhook: z.string().url() }),
  async create() { throw new Error("not in tests"); },
});
`;

describe.concurrent("koan integration", () => {
  it("keeps one table of known integrations, core's built in", () => {
    const core = KNOWN_INTEGRATIONS.find((k) => k.name === "core");
    expect(core).toMatchObject({ packageName: "@koan/core", builtIn: true });
    expect(new Set(KNOWN_INTEGRATIONS.map((k) => k.name)).size).toBe(KNOWN_INTEGRATIONS.length);
  });

  it("lists known integrations and discovers installed packages that declare a koan field", async () => {
    const dir = await project();
    await installFakeIntegration(dir, "@acme/koan-chat", CHAT_FLAVORS);
    await installFakeIntegration(dir, "koan-broken", "throw new Error('cannot load this one');\n");
    const list = expectCode(await koan(["integration", "list"], { cwd: dir }), 0);
    expect(list.stdout).toMatch(/^INTEGRATION +PACKAGE +INSTALLED +FLAVORS$/m);
    expect(list.stdout).toMatch(/^core +@koan\/core +built in +artifact_store\/local, orchestrator\/local, secrets_manager\/local$/m);
    expect(list.stdout).toMatch(/^@acme\/koan-chat +@acme\/koan-chat +2\.3\.4 +alerter\/chat$/m);
    expect(list.stderr).toContain("koan-broken: Importing the flavor module");
    expect(list.stderr).toContain("cannot load this one");
    const json = await koanJson<IntegrationJson[]>(["integration", "list"], { cwd: dir });
    expect(json.find((i) => i.package === "@acme/koan-chat")).toMatchObject({ installed: true, source: "discovered", flavors: ["alerter/chat"] });

    // Its flavors are usable at once: listed, described, validated on register.
    expect(expectCode(await koan(["alerter", "flavor", "list"], { cwd: dir }), 0).stdout).toMatch(/^chat +@acme\/koan-chat +Posts to a chat$/m);
    const bad = expectCode(await koan(["alerter", "register", "c", "--flavor", "chat", "--webhook", "not a url"], { cwd: dir }), 4);
    expect(bad.stderr).toContain("Invalid config for flavor alerter/chat at webhook");
    expectCode(await koan(["alerter", "register", "c", "--flavor", "chat", "--webhook", "https://chat.invalid/hook"], { cwd: dir }), 0);
    // A broken package does not stop the others.
    expectCode(await koan(["stack", "register", "s", "-o", "default", "-a", "default", "--alerter", "c"], { cwd: dir }), 0);
  });

  it("installs with the package manager the lockfile names, or npm", async () => {
    const dir = await project();
    const pm = await fakePackageManagers(dir);
    const run = (args: string[], extra: Record<string, string> = {}) => koan(args, { cwd: dir, env: { ...pm.env, ...extra } });

    const npm = expectCode(await run(["integration", "install", "@acme/koan-chat", "./local-integration"]), 0);
    expect(npm.stderr).toContain("Installing with npm (no lockfile found; npm is the default): npm install @acme/koan-chat ./local-integration");
    await writeFile(join(dir, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n");
    expectCode(await run(["integration", "install", "koan-thing"]), 0);
    await writeFile(join(dir, "package.json"), JSON.stringify({ name: "p", type: "module", packageManager: "yarn@4.1.0" }));
    expectCode(await run(["integration", "install", "koan-thing"]), 0);
    expect(await pm.calls()).toEqual([
      `npm install @acme/koan-chat ./local-integration (in ${dir})`,
      `pnpm add koan-thing (in ${dir})`,
      `yarn add koan-thing (in ${dir})`,
    ]);

    const dry = expectCode(await run(["integration", "install", "koan-thing", "--dry-run"]), 0);
    expect(dry.stdout.trim()).toBe("yarn add koan-thing");
    expect((await pm.calls()).length).toBe(3);

    const failed = expectCode(await run(["integration", "install", "koan-thing"], { FAKE_PM_FAIL: "1" }), 9);
    expect(failed.stderr).toContain("registry unreachable");
    expect(failed.stderr).toContain("yarn failed (exit code 3). Fix what it printed above, then run it again: yarn add koan-thing");

    const unknown = expectCode(await run(["integration", "install", "slak"]), 4);
    expect(unknown.stderr).toContain('Unknown integration "slak"');
    expect(unknown.stderr).toContain("give its npm package name");
    expect(expectCode(await run(["integration", "install", "core"]), 4).stderr).toContain("built into @koan/core");
    expect(expectCode(await run(["integration", "install"]), 2).stderr).toContain("missing required argument");
    expect((await pm.calls()).length).toBe(4);
  });

  it("finds the lockfile of a workspace above the project, and runs in the project's folder", async () => {
    const root = await project({ init: false });
    await writeFile(join(root, "package-lock.json"), "{}");
    const app = join(root, "apps", "trainer");
    await mkdir(app, { recursive: true });
    await writeFile(join(app, "package.json"), JSON.stringify({ name: "trainer", type: "module" }));
    const pm = await fakePackageManagers(root);
    expectCode(await koan(["integration", "install", "koan-thing"], { cwd: app, env: pm.env }), 0);
    expect(await pm.calls()).toEqual([`npm install koan-thing (in ${app})`]);
  });
});
