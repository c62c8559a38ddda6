import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMPONENT_COMMANDS } from "../src/component-types.js";
import { expectCode, koan, koanJson, project } from "./helpers/cli.js";
import { withEchoFlavor } from "./helpers/echo-flavor.js";

interface ComponentJson {
  name: string;
  type: string;
  flavor: string;
  config: Record<string, unknown>;
  stacks: string[];
}

describe.concurrent("component commands", () => {
  it("exist for every component type", async () => {
    // All thirteen groups are checked in-process by cli.test.ts; here the binary runs three of them.
    const dir = await project();
    const sample = COMPONENT_COMMANDS.filter((c) => ["orchestrator", "artifact_store", "experiment_tracker"].includes(c.type));
    const results = await Promise.all(sample.map((c) => koan([c.command, "list"], { cwd: dir })));
    results.forEach((result, i) => {
      const { command, label, type } = sample[i] as (typeof COMPONENT_COMMANDS)[number];
      expectCode(result, 0);
      if (type === "orchestrator" || type === "artifact_store") expect(result.stdout).toMatch(/^default +local +default +-$/m);
      else expect(result.stderr).toContain(`No ${label} components. Register one with \`koan ${command} register`);
    });
  });

  it("registers with a validated, typed config; lists, describes, updates, renames and deletes", async () => {
    const dir = await project();
    const run = (...args: string[]) => koan(args, { cwd: dir });
    const registered = expectCode(await run("orchestrator", "register", "fast", "--flavor", "local", "--concurrency", "8", "--fail-fast=false"), 0);
    expect(registered.stdout).toContain('Registered orchestrator "fast" (flavor local; concurrency=8, failFast=false)');
    const [json] = (await koanJson<ComponentJson[]>(["orchestrator", "list"], { cwd: dir })).filter((c) => c.name === "fast");
    expect(json).toMatchObject({ type: "orchestrator", flavor: "local", config: { concurrency: 8, failFast: false }, stacks: [] });

    const described = expectCode(await run("orchestrator", "describe", "default"), 0);
    expect(described.stdout).toContain("Orchestrator default");
    expect(described.stdout).toContain("local (@koan/core)");
    expect(described.stdout).toMatch(/stacks +default/);
    expect(described.stdout).toMatch(/failFast +true \(default\)/);
    expect(await koanJson(["orchestrator", "describe", "fast"], { cwd: dir })).toMatchObject({ name: "fast", stacks: [], flavorInstalled: true });

    const updated = expectCode(await run("orchestrator", "update", "fast", "--concurrency=2", "--unset", "fail-fast"), 0);
    expect(updated.stdout).toContain('Updated orchestrator "fast" (concurrency=2)');
    const renamed = expectCode(await run("orchestrator", "rename", "fast", "quick"), 0);
    expect(renamed.stdout).toContain('Renamed orchestrator "fast" to "quick"');
    expectCode(await run("stack", "register", "s", "-o", "quick", "-a", "default"), 0);
    // A stack follows a renamed component.
    expectCode(await run("orchestrator", "rename", "quick", "speedy"), 0);
    expect(expectCode(await run("stack", "describe", "s"), 0).stdout).toMatch(/^orchestrator +speedy/m);

    const inUse = expectCode(await run("orchestrator", "delete", "speedy"), 5);
    expect(inUse.stderr).toContain('is used by stack "s"');
    expectCode(await run("stack", "delete", "s"), 0);
    expect(expectCode(await run("orchestrator", "delete", "speedy"), 0).stdout).toContain('Deleted orchestrator "speedy"');
    expect((await koanJson<ComponentJson[]>(["orchestrator", "list"], { cwd: dir })).map((c) => c.name)).toEqual(["default"]);
  });

  it("names the failing field, the unknown key or flavor, and what to do", async () => {
    const dir = await project();
    const run = (...args: string[]) => koan(args, { cwd: dir });
    const [bad, unknownKey, unknownFlavor, missingFlavor, noName, taken, updateMissing, nothing, badUnset, deleteMissing, bareValue] = await Promise.all([
      run("orchestrator", "register", "x", "--flavor", "local", "--concurrency", "0"),
      run("orchestrator", "register", "x", "--flavor", "local", "--concurency", "3"),
      run("orchestrator", "register", "x", "--flavor", "kubeflow"),
      run("orchestrator", "register", "x"),
      run("orchestrator", "register", "--flavor", "local"),
      run("orchestrator", "register", "default", "--flavor", "local"),
      run("orchestrator", "update", "nope", "--concurrency", "3"),
      run("orchestrator", "update", "default"),
      run("orchestrator", "update", "default", "--unset", "path"),
      run("orchestrator", "delete", "nope"),
      run("orchestrator", "register", "x", "--flavor", "local", "--concurrency"),
    ]);
    expect(expectCode(bad, 4).stderr).toContain(
      "Invalid config for flavor orchestrator/local at concurrency: Too small: expected number to be >=1. See `koan orchestrator flavor describe local`.",
    );
    expect(expectCode(unknownKey, 4).stderr).toContain('Unknown config key "concurency" for flavor orchestrator/local. Its keys: --concurrency, --fail-fast.');
    expect(expectCode(unknownFlavor, 4).stderr).toContain('Unknown orchestrator flavor "kubeflow". Installed: local. Install the integration');
    expect(expectCode(missingFlavor, 2).stderr).toContain("required option '--flavor <flavor>' not specified");
    expect(expectCode(noName, 2).stderr).toContain("Missing the orchestrator's name. Usage: koan orchestrator register NAME --flavor FLAVOR");
    expect(expectCode(taken, 5).stderr).toContain('An orchestrator named "default" already exists');
    expect(expectCode(updateMissing, 3).stderr).toContain('No orchestrator "nope". Run `koan orchestrator list`');
    expect(expectCode(nothing, 2).stderr).toContain("Nothing to change");
    expect(expectCode(badUnset, 4).stderr).toContain('has no config key "path" to unset');
    expect(expectCode(deleteMissing, 3).stderr).toContain('No orchestrator "nope"');
    expect(expectCode(bareValue, 4).stderr).toContain("--concurrency needs a value");
    for (const result of [bad, unknownKey, unknownFlavor, taken]) expect(result.stderr).not.toContain("bug");
  });

  it("lists and describes flavors, and registers custom flavors from a TypeScript module", async () => {
    const dir = await project();
    const run = (...args: string[]) => koan(args, { cwd: dir });
    const flavors = expectCode(await run("artifact-store", "flavor", "list"), 0);
    expect(flavors.stdout).toMatch(/^local +@koan\/core +Stores artifacts as files in a local folder\.$/m);
    expect(await koanJson(["secrets-manager", "flavor", "list"], { cwd: dir })).toEqual([
      expect.objectContaining({ type: "secrets_manager", name: "local", package: "@koan/core" }),
    ]);
    const describedFlavor = expectCode(await run("orchestrator", "flavor", "describe", "local"), 0);
    expect(describedFlavor.stdout).toMatch(/^--concurrency +number +no +\d+ +How many steps may run at the same time$/m);
    expect(describedFlavor.stdout).toMatch(/^--fail-fast +boolean +no +true/m);
    expect(expectCode(await run("alerter", "flavor", "list"), 0).stderr).toContain("No alerter flavors are installed");
    expect(expectCode(await run("orchestrator", "flavor", "describe", "nope"), 4).stderr).toContain('Unknown orchestrator flavor "nope"');

    await writeFile(join(dir, "not-a-flavor.ts"), "export const x = 1;\n");
    expect(expectCode(await run("alerter", "flavor", "register", "not-a-flavor.ts"), 4).stderr).toContain("exports no alerter flavor");
    expect(expectCode(await run("alerter", "flavor", "register", "missing.ts"), 3).stderr).toContain("No file");
    await withEchoFlavor(dir);
    expect(expectCode(await run("orchestrator", "flavor", "register", "flavors/echo-alerter.ts"), 4).stderr).toContain("exports no orchestrator flavor");

    // Every later command loads it: the fields are described, values converted by type, the schema checked.
    const echo = expectCode(await run("alerter", "flavor", "describe", "echo"), 0);
    expect(echo.stdout).toMatch(/^--token +string +yes +- +API token$/m);
    expect(echo.stdout).toMatch(/^--mode +plain\|rich +no/m);
    expectCode(await run("alerter", "register", "team", "--flavor", "echo", "--token", "{{slack.token}}", "--retries", "3", "--tags", "a,b", "--mode", "rich"), 0);
    expect((await koanJson<ComponentJson>(["alerter", "describe", "team"], { cwd: dir })).config).toEqual({
      token: "{{slack.token}}",
      retries: 3,
      tags: ["a", "b"],
      mode: "rich",
    });
    // A secret reference passes registration even where the schema wants more (12+ characters): it is checked once resolved.
    const short = expectCode(await run("alerter", "register", "short", "--flavor", "echo", "--token", "too-short"), 4);
    expect(short.stderr).toContain("at token: Too small");
    const badEnum = expectCode(await run("alerter", "register", "e", "--flavor", "echo", "--token", "{{s.k}}", "--mode", "fancy"), 4);
    expect(badEnum.stderr).toContain("at mode:");
    const plain = expectCode(await run("alerter", "register", "plain", "--flavor", "echo", "--token", "xoxb-plain-text-token"), 0);
    expect(plain.stderr).toContain('"token" looks like a credential and is stored in plain text');
    expect(plain.stderr).toContain("{{NAME.token}}");
    const described = expectCode(await run("alerter", "describe", "team"), 0);
    expect(described.stdout).toContain("{{slack.token}} (resolved when a run creates it)");
  });
});
