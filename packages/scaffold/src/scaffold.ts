import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { ComponentType } from "@koan/contracts";
import { componentTypeInfo, parseComponentType } from "./component-types.js";
import { ScaffoldError } from "./errors.js";
import {
  STANDALONE_GITIGNORE,
  changeset,
  flavorExport,
  flavorsTs,
  indexTs,
  packageJson,
  packageTest,
  readme,
  tsconfigJson,
  tsupConfig,
  vitestConfig,
} from "./generate.js";
import type { PackageFacts } from "./generate.js";
import { renamePlaceholders, validateIntegrationName } from "./names.js";
import { findTemplateDir } from "./template-source.js";
import { detectWorkspace } from "./workspace.js";

export interface ScaffoldOptions {
  /** The integration's name: `slack` makes `@koan/slack`. Lower-case kebab. */
  readonly name: string;
  /** The component type, in kebab or snake case: `artifact-store`, `alerter`. */
  readonly type: string;
  /** The folder to create, e.g. `integrations/slack`; it must not exist. */
  readonly targetDir: string;
  /** Where the template is; found automatically when left out. */
  readonly templateDir?: string;
  /**
   * `monorepo` uses Koan's shared build presets (inside Koan's repository);
   * `standalone` writes self-contained tsup, vitest and TypeScript configs.
   * Detected from the target's workspace when left out.
   */
  readonly mode?: "monorepo" | "standalone";
}

export interface ScaffoldResult {
  /** Absolute path of the created package. */
  readonly directory: string;
  readonly packageName: string;
  readonly type: ComponentType;
  /** The flavor's name, as stacks and the CLI refer to it: the integration's name. */
  readonly flavorName: string;
  /** The flavor's export, e.g. `slackAlerter`. */
  readonly flavorExport: string;
  readonly mode: "monorepo" | "standalone";
  /** Every file written (absolute paths, sorted), the changeset included. */
  readonly files: string[];
}

/**
 * Creates an integration package of one component type from the template:
 * the type's implementation and flavor renamed after the integration, its
 * conformance tests, package.json, README, LICENSE, build and test configs,
 * and a changeset when the workspace uses changesets. Refuses a bad name or
 * type, and never writes into an existing folder or over an existing file.
 */
export async function scaffoldIntegration(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const type = parseComponentType(options.type);
  const info = componentTypeInfo(type);
  const directory = resolve(options.targetDir);
  const workspace = detectWorkspace(dirname(directory));
  const name = options.name;
  validateIntegrationName(name, workspace.packageNames);
  if (existsSync(directory)) {
    throw new ScaffoldError("TARGET_EXISTS", `${directory} already exists; the scaffolder never overwrites. Choose another name or folder.`);
  }
  const changesetFile = workspace.changesetDir ? join(workspace.changesetDir, `${name}-initial.md`) : undefined;
  if (changesetFile && existsSync(changesetFile)) {
    throw new ScaffoldError("TARGET_EXISTS", `${changesetFile} already exists; the scaffolder never overwrites. Choose another name.`);
  }
  const templateDir = options.templateDir ? resolve(options.templateDir) : findTemplateDir();
  const mode = options.mode ?? (workspace.isKoanMonorepo ? "monorepo" : "standalone");
  const toRoot = workspace.root ? relative(directory, workspace.root).split(sep).join("/") || "." : ".";
  if (mode === "monorepo" && !workspace.root) {
    throw new ScaffoldError("INVALID_TARGET", `${directory} is not inside a workspace with Koan's build presets; use mode "standalone".`);
  }
  const templateManifest = JSON.parse(await readFile(join(templateDir, "package.json"), "utf8")) as {
    peerDependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const facts: PackageFacts = {
    name,
    info,
    mode,
    versions: {
      corePeer: templateManifest.peerDependencies?.["@koan/core"] ?? "^0.1.0",
      coreDev: templateManifest.devDependencies?.["@koan/core"] ?? "0.1.0",
      testingDev: templateManifest.devDependencies?.["@koan/testing"] ?? "0.1.0",
    },
    toRoot,
    directoryInRepo: workspace.root ? relative(workspace.root, directory).split(sep).join("/") : undefined,
    repositoryUrl: mode === "monorepo" && workspace.root ? await repositoryUrl(workspace.root) : undefined,
  };

  // Read everything first, so a broken template fails before anything is written.
  const copied = await templateFiles(templateDir, info.kebab);
  const files = new Map<string, string>();
  for (const [path, text] of copied) files.set(renamePlaceholders(path, name), renamePlaceholders(text, name));
  files.set("package.json", packageJson(facts));
  files.set("README.md", readme(facts, renamePlaceholders(await readFile(join(templateDir, "readme", `${info.kebab}.md`), "utf8"), name)));
  files.set("LICENSE", await readFile(join(templateDir, "LICENSE"), "utf8"));
  files.set("tsconfig.json", tsconfigJson(facts));
  files.set("tsup.config.ts", tsupConfig(facts));
  files.set("vitest.config.ts", vitestConfig(facts));
  files.set("src/index.ts", indexTs(facts));
  files.set("src/flavors.ts", flavorsTs(facts));
  if (mode === "monorepo") files.set("test/package.test.ts", packageTest(facts));
  else files.set(".gitignore", STANDALONE_GITIGNORE);

  await mkdir(dirname(directory), { recursive: true });
  // Not recursive: fails if the folder appeared since the check above.
  await mkdir(directory);
  const written: string[] = [];
  for (const [path, text] of files) {
    const target = join(directory, ...path.split("/"));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text, { flag: "wx" });
    written.push(target);
  }
  if (changesetFile) {
    await writeFile(changesetFile, changeset(facts), { flag: "wx" });
    written.push(changesetFile);
  }
  return {
    directory,
    packageName: `@koan/${name}`,
    type,
    flavorName: name,
    flavorExport: flavorExport(facts),
    mode,
    files: written.sort(),
  };
}

/** The template's files for one type: its source folder, its tests and their fixtures, as `path -> text`. */
async function templateFiles(templateDir: string, kebab: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const sourceDir = join(templateDir, "src", kebab);
  if (!existsSync(sourceDir)) throw new ScaffoldError("TEMPLATE_NOT_FOUND", `The template has no ${kebab} implementation in ${sourceDir}.`);
  for (const path of await walk(sourceDir)) files.set(`src/${kebab}/${path}`, await readFile(join(sourceDir, path), "utf8"));
  for (const test of [`${kebab}.test.ts`, `${kebab}.int.test.ts`]) {
    files.set(`test/${test}`, await readFile(join(templateDir, "test", test), "utf8"));
  }
  const fixtures = join(templateDir, "test", "fixtures", kebab);
  if (existsSync(fixtures)) {
    for (const path of await walk(fixtures)) files.set(`test/fixtures/${kebab}/${path}`, await readFile(join(fixtures, path), "utf8"));
  }
  return files;
}

/** Files under `dir`, as `/`-separated relative paths. */
async function walk(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await walk(join(dir, entry.name), path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/** The repository URL Koan's own packages use, read from @koan/core's package.json. */
async function repositoryUrl(root: string): Promise<string | undefined> {
  try {
    const core = JSON.parse(await readFile(join(root, "packages", "core", "package.json"), "utf8")) as { repository?: { url?: unknown } };
    return typeof core.repository?.url === "string" ? core.repository.url : undefined;
  } catch {
    return undefined;
  }
}

