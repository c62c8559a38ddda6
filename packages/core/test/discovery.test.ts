import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverFlavors } from "../src/discovery/discover.js";
import { findKoanPackages, readInstalledPackage } from "../src/discovery/installed-packages.js";
import { addLocalFlavorModule, listLocalFlavorModules, removeLocalFlavorModule } from "../src/discovery/local-flavor-modules.js";
import { flavors } from "../src/registry/default-registry.js";
import { loadStack } from "../src/repository/load-stack.js";
import { initRepository } from "../src/repository/repository.js";
import { tempRepository } from "./helpers/temp-repository.js";

/**
 * A flavors module as an integration ships it. Built by shape, not with
 * defineFlavor: discovery must accept flavors made by another copy of core.
 */
function flavorsModule(flavorsJs: string[]): string {
  return `
const schema = { safeParse: (v) => ({ success: true, data: v ?? {} }) };
const make = (type, name, packageName) => ({
  type, name, packageName, description: name + " for tests", configSchema: schema,
  parseConfig: (c) => c ?? {},
  createComponent: async () => ({ specVersion: 1, type, flavor: name }),
});
${flavorsJs.join("\n")}
`;
}

async function installPackage(root: string, name: string, manifest: Record<string, unknown>, files: Record<string, string>): Promise<void> {
  const dir = join(root, "node_modules", ...name.split("/"));
  await mkdir(join(dir, "dist"), { recursive: true });
  await writeFile(join(dir, "package.json"), JSON.stringify({ name, version: "1.2.3", type: "module", ...manifest }));
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
}

describe("integration discovery", () => {
  it("finds packages declaring a koan field, imports them and registers their flavors", async () => {
    const root = await tempRepository();
    await installPackage(root, "@acme/koan-chat", { koan: { flavors: "./dist/flavors.js" } }, {
      "dist/flavors.js": flavorsModule([
        `export const chatAlerter = make("alerter", "disc-chat", "@acme/koan-chat");`,
        `export const all = [make("annotator", "disc-labels", "@acme/koan-chat"), chatAlerter];`,
      ]),
    });
    await installPackage(root, "koan-broken", { koan: { flavors: "./dist/flavors.js" } }, { "dist/flavors.js": `throw new Error("boom at import");` });
    await installPackage(root, "koan-unbuilt", { koan: { flavors: "./dist/missing.js" } }, {});
    await installPackage(root, "plain-package", {}, { "dist/index.js": "export {}" });
    await installPackage(root, "koan-rival", { koan: { flavors: "./dist/flavors.js" } }, {
      "dist/flavors.js": flavorsModule([`export default make("alerter", "disc-chat", "koan-rival");`]),
    });

    expect((await findKoanPackages(root)).map((p) => p.packageName)).toEqual(["@acme/koan-chat", "koan-broken", "koan-rival", "koan-unbuilt"]);
    expect(await readInstalledPackage(root, "plain-package")).toMatchObject({ version: "1.2.3" });
    expect(await readInstalledPackage(root, "not-installed")).toBeUndefined();

    const report = await discoverFlavors({ root });
    const byName = Object.fromEntries(report.packages.map((p) => [p.packageName, p]));
    expect(byName["@acme/koan-chat"]).toMatchObject({ version: "1.2.3", flavors: ["alerter/disc-chat", "annotator/disc-labels"], problems: [] });
    expect(byName["koan-broken"]?.problems[0]).toMatch(/boom at import/);
    expect(byName["koan-unbuilt"]?.problems[0]).toMatch(/does not exist. Build the package/);
    expect(byName["koan-rival"]?.problems[0]).toMatch(/alerter\/disc-chat from koan-rival is ignored: @acme\/koan-chat already provides/);
    expect(flavors.resolve("alerter", "disc-chat").packageName).toBe("@acme/koan-chat");
    expect(flavors.has("annotator", "disc-labels")).toBe(true);
    // Once per process and project.
    expect(await discoverFlavors({ root })).toBe(report);
  });

  it("is what loading a stored stack does when one of its flavors is unknown", async () => {
    const root = await tempRepository();
    await installPackage(root, "koan-lazy", { koan: { flavors: "./dist/flavors.js" } }, {
      "dist/flavors.js": flavorsModule([`export const lazy = make("experiment_tracker", "disc-lazy", "koan-lazy");`]),
    });
    const { repository } = await initRepository(root, { create: true });
    await repository.store.saveComponent({ name: "t", type: "experiment_tracker", flavor: "disc-lazy", config: {} });
    await repository.store.saveStack({ name: "s", components: { orchestrator: "default", artifact_store: "default", experiment_tracker: "t" } });
    expect(flavors.has("experiment_tracker", "disc-lazy")).toBe(false);
    const stack = await loadStack(repository.store, "s", { root });
    expect(stack.components.experiment_tracker?.flavorDefinition.packageName).toBe("koan-lazy");

    await repository.store.saveComponent({ name: "u", type: "experiment_tracker", flavor: "never-installed", config: {} });
    await repository.store.updateStack("s", { components: { experiment_tracker: "u" } });
    await expect(loadStack(repository.store, "s", { root })).rejects.toThrow(/Unknown experiment_tracker flavor "never-installed"/);
  });

  it("records the project's own flavor modules and loads them in every process", async () => {
    const root = await tempRepository();
    await initRepository(root, { create: true });
    await mkdir(join(root, "flavors"));
    const path = join(root, "flavors", "custom.mjs");
    await writeFile(path, flavorsModule([`export const custom = make("model_deployer", "disc-custom", "my-project");`]));
    await writeFile(join(root, "flavors", "none.mjs"), "export const nothing = 1;");

    await expect(addLocalFlavorModule(root, join(root, "flavors", "none.mjs"))).rejects.toThrow(/exports no flavor/);
    await expect(addLocalFlavorModule(root, path, { type: "alerter" })).rejects.toThrow(/exports no alerter flavor/);
    await expect(addLocalFlavorModule(root, join(root, "nope.mjs"))).rejects.toThrow(/No file/);
    const added = await addLocalFlavorModule(root, path, { type: "model_deployer" });
    expect(added.map((f) => f.name)).toEqual(["disc-custom"]);
    expect(JSON.parse(await readFile(join(root, ".koan", "flavors.json"), "utf8"))).toEqual({ version: 1, modules: ["flavors/custom.mjs"] });
    await addLocalFlavorModule(root, path); // twice: recorded once
    expect(await listLocalFlavorModules(root)).toEqual([path]);

    const report = await discoverFlavors({ root, refresh: true });
    expect(report.modules).toEqual([{ path, flavors: ["model_deployer/disc-custom"], problems: [] }]);

    expect(await removeLocalFlavorModule(root, path)).toBe(true);
    expect(await removeLocalFlavorModule(root, path)).toBe(false);
    expect(await listLocalFlavorModules(root)).toEqual([]);
  });
});
