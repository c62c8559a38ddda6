import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectCode, koan, project } from "./helpers/cli.js";

describe("koan integration new", () => {
  it("scaffolds a package of the given type, and refuses to overwrite it or a bad name or type", async () => {
    const dir = await project({ init: false });
    const created = expectCode(await koan(["integration", "new", "team-chat", "--type", "alerter", "--dir", join(dir, "team-chat")], { cwd: dir }), 0);
    expect(created.stdout).toMatch(/Created @koan\/team-chat \(alerter flavor "team-chat"\)/);
    expect(created.stdout).toMatch(/Next:/);
    const manifest = JSON.parse(await readFile(join(dir, "team-chat", "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest.name).toBe("@koan/team-chat");
    expect(manifest.koan).toEqual({ flavors: "./dist/flavors.js" });
    expect(manifest.peerDependencies).toHaveProperty("@koan/core");
    expect(existsSync(join(dir, "team-chat", "README.md"))).toBe(true);

    const again = expectCode(await koan(["integration", "new", "team-chat", "--type", "alerter", "--dir", join(dir, "team-chat")], { cwd: dir }), 5);
    expect(again.stderr).toMatch(/exists/);
    expectCode(await koan(["integration", "new", "Bad_Name", "--type", "alerter", "--dir", join(dir, "bad")], { cwd: dir }), 4);
    const badType = expectCode(await koan(["integration", "new", "ok-name", "--type", "toaster", "--dir", join(dir, "ok")], { cwd: dir }), 4);
    expect(badType.stderr).toMatch(/toaster/);
    expect(existsSync(join(dir, "ok"))).toBe(false);
    expectCode(await koan(["integration", "new", "ok-name"], { cwd: dir }), 2);
  });
});
