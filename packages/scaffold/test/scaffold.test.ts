import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { COMPONENT_TYPES } from "@koan/contracts";
import { afterAll, describe, expect, it } from "vitest";
import {
  ScaffoldError,
  camelCase,
  constantCase,
  findTemplateDir,
  isTemplateDir,
  parseComponentType,
  pascalCase,
  renamePlaceholders,
  scaffoldIntegration,
  validateIntegrationName,
} from "../src/index.js";

const folders: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "koan-scaffold-unit-"));
  folders.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A workspace root like Koan's: workspaces, the build presets' package and a .changeset folder. */
function koanLikeWorkspace(): string {
  const root = tempFolder();
  writeFileSync(join(root, "package.json"), JSON.stringify({ private: true, workspaces: ["packages/*", "integrations/*"] }));
  mkdirSync(join(root, "packages", "build-config"), { recursive: true });
  writeFileSync(join(root, "packages", "build-config", "package.json"), JSON.stringify({ name: "@koan/build-config" }));
  mkdirSync(join(root, "packages", "vault"));
  writeFileSync(join(root, "packages", "vault", "package.json"), JSON.stringify({ name: "@koan/vault" }));
  mkdirSync(join(root, ".changeset"));
  return root;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split("\\").join("/"))
    .sort();
}

async function scaffoldError(action: Promise<unknown>): Promise<ScaffoldError> {
  const error = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScaffoldError);
  return error as ScaffoldError;
}

describe("integration names", () => {
  it("accepts lower-case kebab names starting with a letter", () => {
    for (const name of ["slack", "google-cloud", "s3", "label-studio", "mlflow2"]) expect(() => validateIntegrationName(name)).not.toThrow();
  });

  it("refuses other shapes, reserved names and taken package names, saying why", () => {
    const refused = ["Slack", "my_tool", "-slack", "slack-", "a--b", "1password", "", "with space", "über", "a".repeat(51)];
    for (const name of refused) {
      expect(() => validateIntegrationName(name), name).toThrow(ScaffoldError);
    }
    for (const name of ["core", "cli", "testing", "template", "integration-template", "scaffold"]) {
      expect(() => validateIntegrationName(name)).toThrow(/reserved/);
    }
    expect(() => validateIntegrationName("vault", ["vault"])).toThrow(/reserved/);
    expect(() => validateIntegrationName("Slack")).toThrow(/lower-case/);
  });

  it("derives the identifiers of a name", () => {
    expect(pascalCase("google-cloud")).toBe("GoogleCloud");
    expect(camelCase("google-cloud")).toBe("googleCloud");
    expect(constantCase("google-cloud")).toBe("GOOGLE_CLOUD");
    expect(pascalCase("s3")).toBe("S3");
  });

  it("renames every form of the placeholder", () => {
    const text = [
      'import { templateAlerter } from "@koan/integration-template";',
      "export class TemplateAlerter {}",
      'const env = "KOAN_TEMPLATE_URL";',
      'name: "template",',
      "template-alerter.ts",
    ].join("\n");
    expect(renamePlaceholders(text, "google-chat")).toBe(
      [
        'import { googleChatAlerter } from "@koan/google-chat";',
        "export class GoogleChatAlerter {}",
        'const env = "KOAN_GOOGLE_CHAT_URL";',
        'name: "google-chat",',
        "google-chat-alerter.ts",
      ].join("\n"),
    );
  });
});

describe("component types", () => {
  it("reads all thirteen in kebab and snake case", () => {
    for (const type of COMPONENT_TYPES) {
      expect(parseComponentType(type)).toBe(type);
      expect(parseComponentType(type.replaceAll("_", "-"))).toBe(type);
    }
  });

  it("refuses an unknown type and lists the known ones", () => {
    expect(() => parseComponentType("database")).toThrow(/Use one of: orchestrator, artifact-store, .*visualizer/);
  });
});

describe("scaffoldIntegration", () => {
  it("creates a standalone package outside a workspace: every file, no placeholder left", async () => {
    const parent = tempFolder();
    const result = await scaffoldIntegration({ name: "acme-chat", type: "alerter", targetDir: join(parent, "acme-chat") });
    expect(result).toMatchObject({ packageName: "@koan/acme-chat", type: "alerter", flavorName: "acme-chat", flavorExport: "acmeChatAlerter", mode: "standalone" });
    expect(filesUnder(result.directory)).toEqual([
      ".gitignore",
      "LICENSE",
      "README.md",
      "package.json",
      "src/alerter/acme-chat-alerter.ts",
      "src/alerter/chat-service.ts",
      "src/alerter/flavor.ts",
      "src/alerter/index.ts",
      "src/flavors.ts",
      "src/index.ts",
      "test/alerter.int.test.ts",
      "test/alerter.test.ts",
      "tsconfig.json",
      "tsup.config.ts",
      "vitest.config.ts",
    ]);
    expect(result.files).toEqual(filesUnder(result.directory).map((f) => join(result.directory, f)).sort());
    for (const file of result.files) expect(readFileSync(file, "utf8").toLowerCase(), file).not.toContain("template");

    const manifest = JSON.parse(readFileSync(join(result.directory, "package.json"), "utf8"));
    expect(manifest.name).toBe("@koan/acme-chat");
    expect(manifest.type).toBe("module");
    expect(manifest.peerDependencies).toEqual({ "@koan/core": "^0.1.0" });
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.devDependencies).toMatchObject({ "@koan/core": "^0.1.0", "@koan/testing": "^0.1.0", vitest: expect.any(String), tsup: expect.any(String) });
    expect(manifest.koan).toEqual({ flavors: "./dist/flavors.js" });
    expect(manifest.exports["."]).toEqual({ types: "./dist/index.d.ts", import: "./dist/index.js" });
    expect(manifest.exports["./flavors"]).toEqual({ types: "./dist/flavors.d.ts", import: "./dist/flavors.js" });

    const flavor = readFileSync(join(result.directory, "src/alerter/flavor.ts"), "utf8");
    expect(flavor).toContain('name: "acme-chat"');
    expect(flavor).toContain('packageName: "@koan/acme-chat"');
    expect(flavor).toContain("export const acmeChatAlerter = defineFlavor(");
    expect(flavor).toContain("z.object(");
    const unitTest = readFileSync(join(result.directory, "test/alerter.test.ts"), "utf8");
    expect(unitTest).toContain("alerterSuite(");
    expect(readFileSync(join(result.directory, "test/alerter.int.test.ts"), "utf8")).toContain('env: "KOAN_ACME_CHAT_URL"');

    const readme = readFileSync(join(result.directory, "README.md"), "utf8");
    for (const heading of ["# @koan/acme-chat", "## Install", "## Configure with the CLI", "## Compose in code", "## Test", "## License"]) {
      expect(readme).toContain(heading);
    }
    expect(readme).toContain("npm install @koan/acme-chat");
    expect(readme).toContain("koan alerter register team-chat --flavor acme-chat");
    expect(readme).toContain('import { acmeChatAlerter } from "@koan/acme-chat"');
  });

  it("copies the fixtures a type's tests need", async () => {
    const result = await scaffoldIntegration({ name: "acme-jobs", type: "step_operator", targetDir: join(tempFolder(), "acme-jobs") });
    expect(filesUnder(result.directory)).toContain("test/fixtures/step-operator/entrypoint.mjs");
    expect(filesUnder(result.directory)).toContain("test/fixtures/step-operator/steps.mjs");
  });

  it("inside a Koan-like workspace: shared presets, a package check and a changeset", async () => {
    const root = koanLikeWorkspace();
    const result = await scaffoldIntegration({ name: "acme-store", type: "artifact-store", targetDir: join(root, "integrations", "acme-store") });
    expect(result.mode).toBe("monorepo");
    const dir = result.directory;
    expect(JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"))).toEqual({ extends: "../../tsconfig.base.json", include: ["src", "test", "*.config.ts"] });
    expect(readFileSync(join(dir, "tsup.config.ts"), "utf8")).toContain('koanTsup({ entry: ["src/index.ts", "src/flavors.ts"] })');
    expect(readFileSync(join(dir, "vitest.config.ts"), "utf8")).toContain("koanVitest()");
    expect(readFileSync(join(dir, "test/package.test.ts"), "utf8")).toContain('new URL("../../../scripts/check-packages.mjs"');
    expect(existsSync(join(dir, ".gitignore"))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(manifest.devDependencies).toEqual({ "@koan/build-config": "*", "@koan/core": "0.1.0", "@koan/testing": "0.1.0" });
    const changeset = join(root, ".changeset", "acme-store-initial.md");
    expect(result.files).toContain(changeset);
    expect(readFileSync(changeset, "utf8")).toBe('---\n"@koan/acme-store": minor\n---\n\nNew integration `@koan/acme-store`: the `acme-store` artifact store flavor.\n');
  });

  it("never overwrites: an existing folder, even empty, is refused and left untouched", async () => {
    const parent = tempFolder();
    const target = join(parent, "acme");
    mkdirSync(target);
    writeFileSync(join(target, "keep.txt"), "mine");
    const error = await scaffoldError(scaffoldIntegration({ name: "acme", type: "visualizer", targetDir: target }));
    expect(error.code).toBe("TARGET_EXISTS");
    expect(readdirSync(target)).toEqual(["keep.txt"]);
    mkdirSync(join(parent, "empty"));
    await scaffoldError(scaffoldIntegration({ name: "empty", type: "visualizer", targetDir: join(parent, "empty") }));
    expect(readdirSync(join(parent, "empty"))).toEqual([]);
  });

  it("never overwrites a changeset, and then writes nothing at all", async () => {
    const root = koanLikeWorkspace();
    writeFileSync(join(root, ".changeset", "acme-initial.md"), "someone's notes");
    const error = await scaffoldError(scaffoldIntegration({ name: "acme", type: "annotator", targetDir: join(root, "integrations", "acme") }));
    expect(error.code).toBe("TARGET_EXISTS");
    expect(existsSync(join(root, "integrations", "acme"))).toBe(false);
    expect(readFileSync(join(root, ".changeset", "acme-initial.md"), "utf8")).toBe("someone's notes");
  });

  it("refuses a bad name, a name of a workspace package and an unknown type before writing anything", async () => {
    const root = koanLikeWorkspace();
    expect((await scaffoldError(scaffoldIntegration({ name: "Bad_Name", type: "alerter", targetDir: join(root, "integrations", "x") }))).code).toBe(
      "INVALID_INTEGRATION_NAME",
    );
    expect((await scaffoldError(scaffoldIntegration({ name: "vault", type: "alerter", targetDir: join(root, "integrations", "vault") }))).code).toBe(
      "INVALID_INTEGRATION_NAME",
    );
    expect((await scaffoldError(scaffoldIntegration({ name: "acme", type: "database", targetDir: join(root, "integrations", "acme") }))).code).toBe(
      "UNKNOWN_COMPONENT_TYPE",
    );
    expect(existsSync(join(root, "integrations"))).toBe(false);
    expect(readdirSync(join(root, ".changeset"))).toEqual([]);
  });

  it("scaffolds the same files from the copy of the template shipped in the package", async () => {
    const shipped = join(import.meta.dirname, "..", "template");
    expect(isTemplateDir(shipped), "run the build: it copies the template into template/").toBe(true);
    expect(isTemplateDir(findTemplateDir())).toBe(true);
    for (const type of ["feature-store", "container-registry"]) {
      const fromSource = await scaffoldIntegration({ name: "same", type, targetDir: join(tempFolder(), "same"), templateDir: findTemplateDir() });
      const fromCopy = await scaffoldIntegration({ name: "same", type, targetDir: join(tempFolder(), "same"), templateDir: shipped });
      const read = (dir: string) => filesUnder(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]);
      expect(read(fromCopy.directory)).toEqual(read(fromSource.directory));
    }
  });
});

describe("the koan-new-integration command", () => {
  const binPath = join(import.meta.dirname, "..", "dist", "bin.js");
  const run = (args: string[], cwd: string) => spawnSync(process.execPath, [binPath, ...args], { cwd, encoding: "utf8", env: { ...process.env, INIT_CWD: cwd } });

  it("prints its usage with --help", () => {
    const result = run(["--help"], tempFolder());
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Usage: koan-new-integration NAME --type TYPE");
    expect(result.stdout).toContain("artifact-store");
  });

  it("creates the package in the current folder and lists the files", () => {
    const cwd = tempFolder();
    const result = run(["acme-registry", "--type", "container-registry"], cwd);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Created @koan/acme-registry: the "acme-registry" container registry flavor (acmeRegistryContainerRegistry).');
    expect(result.stdout).toContain(join("acme-registry", "src", "container-registry", "acme-registry-container-registry.ts"));
    expect(existsSync(join(cwd, "acme-registry", "package.json"))).toBe(true);
  });

  it("puts the package under integrations/ inside Koan's repository", () => {
    const root = koanLikeWorkspace();
    mkdirSync(join(root, "docs"));
    const result = run(["acme-vault", "--type=secrets-manager"], join(root, "docs"));
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(root, "integrations", "acme-vault", "test", "package.test.ts"))).toBe(true);
    expect(result.stdout).toContain("known-integrations.ts");
  });

  it("fails with a message and a non-zero exit for a bad name, a missing type and an existing folder", () => {
    const cwd = tempFolder();
    const bad = run(["Acme", "--type", "alerter"], cwd);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('error: "Acme" is not a valid integration name');
    const missing = run(["acme"], cwd);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("--type is required");
    mkdirSync(join(cwd, "taken"));
    const taken = run(["taken", "--type", "alerter"], cwd);
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain("never overwrites");
  });
});
