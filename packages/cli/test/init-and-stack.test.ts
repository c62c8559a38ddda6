import { existsSync, statSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectCode, koan, koanJson, project } from "./helpers/cli.js";

interface StackJson {
  name: string;
  active: boolean;
  components: Record<string, string | { name: string; flavor: string; config: Record<string, unknown> }>;
}

describe.concurrent("koan init", () => {
  it("creates the repository once, and says so when run again", async () => {
    const dir = await project({ init: false });
    const first = expectCode(await koan(["init"], { cwd: dir }), 0);
    expect(first.stdout).toContain(`Initialized a Koan repository in ${dir}`);
    for (const item of [".koan/config.json", ".koan/koan.db", ".koan/artifacts/", ".koan/secrets.key (mode 0600)", 'stack "default"']) {
      expect(first.stdout).toContain(`created ${item}`);
    }
    expect(first.stdout).toContain("Active stack: default");
    expect(JSON.parse(await readFile(join(dir, ".koan", "config.json"), "utf8"))).toMatchObject({ activeStack: "default" });
    if (process.platform !== "win32") expect(statSync(join(dir, ".koan", "secrets.key")).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, ".koan", ".gitignore"), "utf8")).toContain("secrets.key");

    const before = await readFile(join(dir, ".koan", "config.json"), "utf8");
    const second = expectCode(await koan(["init"], { cwd: dir }), 0);
    expect(second.stdout).toContain("already initialized");
    expect(second.stdout).toContain("nothing changed");
    expect(await readFile(join(dir, ".koan", "config.json"), "utf8")).toBe(before);

    const stacks = await koanJson<StackJson[]>(["stack", "list"], { cwd: dir });
    expect(stacks).toEqual([expect.objectContaining({ name: "default", active: true, components: { orchestrator: "default", artifact_store: "default" } })]);
  });

  it("initializes another folder, finds the repository from below, and makes no key file when KOAN_SECRETS_KEY is set", async () => {
    const dir = await project({ init: false });
    const result = expectCode(await koan(["init", "sub"], { cwd: dir, env: { KOAN_SECRETS_KEY: "a".repeat(64) } }), 0);
    expect(result.stdout).not.toContain("secrets.key");
    expect(existsSync(join(dir, "sub", ".koan", "config.json"))).toBe(true);
    expect(existsSync(join(dir, "sub", ".koan", "secrets.key"))).toBe(false);
    await mkdir(join(dir, "sub", "deep", "er"), { recursive: true });
    expectCode(await koan(["stack", "list"], { cwd: join(dir, "sub", "deep", "er") }), 0);
    // A repository made inside another one is said to shadow it.
    const nested = expectCode(await koan(["init"], { cwd: join(dir, "sub", "deep") }), 0);
    expect(nested.stderr).toContain(`${join(dir, "sub")} has a Koan repository too`);
  });

  it("reports a broken config with what to do", async () => {
    const dir = await project();
    await writeFile(join(dir, ".koan", "config.json"), "{ not json");
    const result = expectCode(await koan(["stack", "list"], { cwd: dir }), 6);
    expect(result.stderr).toContain("is not valid JSON");
  });
});

describe.concurrent("koan stack", () => {
  it("registers, lists, describes, switches, updates, renames and deletes stacks", async () => {
    const dir = await project();
    const run = (...args: string[]) => koan(args, { cwd: dir });
    expectCode(await run("orchestrator", "register", "fast", "--flavor", "local", "--concurrency", "8"), 0);
    expectCode(await run("artifact-store", "register", "shared", "--flavor", "local", "--path", "shared-artifacts"), 0);

    const registered = expectCode(await run("stack", "register", "dev", "-o", "fast", "-a", "shared"), 0);
    expect(registered.stdout).toContain('Registered stack "dev" (orchestrator fast, artifact store shared)');
    expect(registered.stderr).toContain("koan stack set dev");

    const list = expectCode(await run("stack", "list"), 0);
    expect(list.stdout).toMatch(/^ACTIVE +STACK +ORCHESTRATOR +ARTIFACT STORE +OTHER COMPONENTS$/m);
    expect(list.stdout).toMatch(/^\* +default +default +default +-$/m);
    expect(list.stdout).toMatch(/^ +dev +fast +shared +-$/m);

    const describeDev = expectCode(await run("stack", "describe", "dev"), 0);
    expect(describeDev.stdout).toContain("Stack dev");
    expect(describeDev.stdout).toMatch(/^orchestrator +fast +local +concurrency=8$/m);
    expect(describeDev.stdout).toMatch(/^artifact-store +shared +local +path=shared-artifacts$/m);
    const active = expectCode(await run("stack", "describe"), 0);
    expect(active.stdout).toContain("Stack default (active)");
    const json = await koanJson<StackJson>(["stack", "describe", "dev"], { cwd: dir });
    expect(json).toMatchObject({ name: "dev", active: false, components: { orchestrator: { name: "fast", flavor: "local", config: { concurrency: 8 } } } });

    expectCode(await run("stack", "set", "dev"), 0);
    expect(JSON.parse(await readFile(join(dir, ".koan", "config.json"), "utf8")).activeStack).toBe("dev");
    expect((await koanJson<StackJson[]>(["stack", "list"], { cwd: dir })).find((s) => s.active)?.name).toBe("dev");
    const again = expectCode(await run("stack", "set", "dev"), 0);
    expect(again.stdout).toContain("already active");

    expectCode(await run("orchestrator", "register", "slow", "--flavor", "local", "--concurrency", "1"), 0);
    const updated = expectCode(await run("stack", "update", "dev", "--orchestrator", "slow", "--secrets-manager", "default-secrets"), 3);
    expect(updated.stderr).toContain('No secrets manager "default-secrets"');
    expectCode(await run("secrets-manager", "register", "team", "--flavor", "local", "--path", ".koan/team.json"), 0);
    expectCode(await run("stack", "update", "dev", "--orchestrator", "slow", "--secrets-manager", "team"), 0);
    expect((await koanJson<StackJson>(["stack", "describe", "dev"], { cwd: dir })).components).toMatchObject({
      orchestrator: { name: "slow" },
      secrets_manager: { name: "team" },
    });
    expect(expectCode(await run("stack", "list"), 0).stdout).toMatch(/^\* +dev +slow +shared +secrets-manager=team$/m);
    expectCode(await run("stack", "update", "dev", "--remove", "secrets-manager"), 0);
    expect(Object.keys((await koanJson<StackJson>(["stack", "describe", "dev"], { cwd: dir })).components)).toEqual(["orchestrator", "artifact_store"]);

    const renamed = expectCode(await run("stack", "rename", "dev", "development"), 0);
    expect(renamed.stdout).toContain("still the active stack");
    expect(JSON.parse(await readFile(join(dir, ".koan", "config.json"), "utf8")).activeStack).toBe("development");

    const refused = expectCode(await run("stack", "delete", "development"), 5);
    expect(refused.stderr).toContain("is the active stack and cannot be deleted");
    expectCode(await run("stack", "set", "default"), 0);
    const deleted = expectCode(await run("stack", "delete", "development"), 0);
    expect(deleted.stdout).toContain('Deleted stack "development"');
    expect((await koanJson<StackJson[]>(["stack", "list"], { cwd: dir })).map((s) => s.name)).toEqual(["default"]);
    // Its components stay.
    expect(expectCode(await run("orchestrator", "list"), 0).stdout).toContain("slow");
  });

  it("names what is wrong when a stack cannot be registered, changed or removed", async () => {
    const dir = await project();
    const run = (...args: string[]) => koan(args, { cwd: dir });
    expect(expectCode(await run("stack", "register", "x", "-o", "default"), 4).stderr).toContain("needs an orchestrator and an artifact store: add --artifact-store (-a)");
    expect(expectCode(await run("stack", "register", "x", "-o", "nope", "-a", "default"), 3).stderr).toContain('No orchestrator "nope"');
    expect(expectCode(await run("stack", "register", "default", "-o", "default", "-a", "default"), 5).stderr).toContain('A stack named "default" already exists');
    expect(expectCode(await run("stack", "set", "nope"), 3).stderr).toContain('No stack "nope". Run `koan stack list`');
    expect(expectCode(await run("stack", "describe", "nope"), 3).stderr).toContain('No stack "nope"');
    expect(expectCode(await run("stack", "update", "default"), 2).stderr).toContain("Nothing to change");
    expect(expectCode(await run("stack", "update", "default", "--remove", "orchestrator"), 4).stderr).toContain("needs its orchestrator");
    expect(expectCode(await run("stack", "update", "default", "--remove", "gizmo"), 2).stderr).toContain('"gizmo" is none');
    expect(expectCode(await run("stack", "update", "nope", "--alerter", "x"), 3).stderr).toContain('No stack "nope"');
    expect(expectCode(await run("stack", "rename", "default", "other"), 5).stderr).toContain("default stack cannot be renamed");
    expect(expectCode(await run("stack", "delete", "nope"), 3).stderr).toContain('No stack "nope"');
    expectCode(await run("stack", "register", "b", "-o", "default", "-a", "default"), 0);
    expectCode(await run("stack", "register", "c", "-o", "default", "-a", "default"), 0);
    expect(expectCode(await run("stack", "rename", "b", "c"), 5).stderr).toContain('A stack named "c" already exists');
  });

  it("exports a stack with its components as YAML and imports it elsewhere", async () => {
    const source = await project();
    const run = (...args: string[]) => koan(args, { cwd: source });
    expectCode(await run("orchestrator", "register", "fast", "--flavor", "local", "--concurrency", "6", "--fail-fast", "false"), 0);
    expectCode(await run("secrets-manager", "register", "vault", "--flavor", "local", "--path", "{{paths.secrets}}"), 0);
    expectCode(await run("stack", "register", "prod", "-o", "fast", "-a", "default", "--secrets-manager", "vault"), 0);

    const printed = expectCode(await run("stack", "export", "prod"), 0);
    expect(printed.stdout).toContain("koan: stack/v1");
    expect(printed.stdout).toContain("name: prod");
    expect(printed.stdout).toMatch(/orchestrator:\n\s+name: fast\n\s+flavor: local\n\s+config:\n\s+concurrency: 6\n\s+failFast: false/);
    expect(printed.stdout).toContain('path: "{{paths.secrets}}"');
    const file = join(source, "prod.yaml");
    expect(expectCode(await run("stack", "export", "prod", file), 0).stdout).toContain(`Exported stack "prod" with 3 components to ${file}`);
    expect(await readFile(file, "utf8")).toBe(printed.stdout);

    const target = await project();
    const imported = expectCode(await koan(["stack", "import", file], { cwd: target }), 0);
    expect(imported.stdout).toContain('Imported stack "prod"');
    expect(imported.stdout).toContain('registered orchestrator "fast", secrets manager "vault"');
    expect(imported.stderr).toContain("{{paths.secrets}}");
    const json = await koanJson<StackJson>(["stack", "describe", "prod"], { cwd: target });
    expect(json.components).toMatchObject({
      orchestrator: { name: "fast", flavor: "local", config: { concurrency: 6, failFast: false } },
      artifact_store: { name: "default" },
      secrets_manager: { name: "vault", config: { path: "{{paths.secrets}}" } },
    });
    // Importing again: the same components are reused, the stack name is taken.
    expect(expectCode(await koan(["stack", "import", file], { cwd: target }), 5).stderr).toContain('A stack named "prod" already exists');
    expect(expectCode(await koan(["stack", "import", file, "--name", "prod2"], { cwd: target }), 0).stdout).toContain('Imported stack "prod2"');
    // From standard input, a component of the same name but another config is a conflict.
    const changed = (await readFile(file, "utf8")).replace("concurrency: 6", "concurrency: 7");
    const conflict = expectCode(await koan(["stack", "import", "-", "--name", "prod3"], { cwd: target, input: changed }), 5);
    expect(conflict.stderr).toContain('A different orchestrator named "fast" is registered');
    expect((await koanJson<StackJson[]>(["stack", "list"], { cwd: target })).map((s) => s.name)).toEqual(["default", "prod", "prod2"]);
  });

  it("refuses import files that are not stack exports, before registering anything", async () => {
    const dir = await project();
    const run = (...args: string[]) => koan(args, { cwd: dir });
    expect(expectCode(await run("stack", "import", "missing.yaml"), 3).stderr).toContain("No file missing.yaml");
    await writeFile(join(dir, "bad.yaml"), "koan: stack/v1\nname: x\ncomponents: [1, 2\n");
    expect(expectCode(await run("stack", "import", "bad.yaml"), 4).stderr).toContain("is not valid YAML");
    await writeFile(join(dir, "wrong.yaml"), "name: x\n");
    expect(expectCode(await run("stack", "import", "wrong.yaml"), 4).stderr).toContain("is not a stack export: koan");
    await writeFile(
      join(dir, "unknown.yaml"),
      "koan: stack/v1\nname: x\ncomponents:\n  orchestrator: { name: new-orch, flavor: local, config: {} }\n  artifact_store: { name: s3, flavor: s3, config: {} }\n",
    );
    expect(expectCode(await run("stack", "import", "unknown.yaml"), 4).stderr).toContain('uses the flavor "s3", which no installed integration provides');
    await writeFile(
      join(dir, "invalid.yaml"),
      "koan: stack/v1\nname: x\ncomponents:\n  orchestrator: { name: new-orch, flavor: local, config: { concurrency: 0 } }\n  artifact_store: { name: default, flavor: local, config: {} }\n",
    );
    expect(expectCode(await run("stack", "import", "invalid.yaml"), 4).stderr).toContain("Invalid config for flavor orchestrator/local at concurrency");
    expect(expectCode(await run("orchestrator", "list"), 0).stdout).not.toContain("new-orch");
  });
});
