import type { ComponentTypeInfo } from "./component-types.js";
import { camelCase, constantCase } from "./names.js";

/** Everything the generated files are made from. */
export interface PackageFacts {
  readonly name: string;
  readonly info: ComponentTypeInfo;
  readonly mode: "monorepo" | "standalone";
  /** Version ranges of Koan's packages. */
  readonly versions: { readonly corePeer: string; readonly coreDev: string; readonly testingDev: string };
  /** Relative path from the package to the workspace root (monorepo mode). */
  readonly toRoot: string;
  /** The package's folder relative to the workspace root, for `repository.directory`. */
  readonly directoryInRepo: string | undefined;
  readonly repositoryUrl: string | undefined;
}

/** Tool versions of a package built outside Koan's repository. */
export const STANDALONE_TOOLS = {
  "@types/node": "^20.19.0",
  tsup: "^8.5.1",
  typescript: "^5.9.3",
  vitest: "^4.1.12",
} as const;

/** The exported flavor's name: `slack` + alerter -> `slackAlerter`. */
export function flavorExport(facts: Pick<PackageFacts, "name" | "info">): string {
  return `${camelCase(facts.name)}${facts.info.pascal}`;
}

export function packageJson(facts: PackageFacts): string {
  const { name, info, mode, versions } = facts;
  const manifest = {
    name: `@koan/${name}`,
    version: "0.0.0",
    description: `Koan ${info.words} flavor "${name}"`,
    type: "module",
    license: "Apache-2.0",
    engines: { node: ">=20" },
    ...(facts.repositoryUrl && facts.directoryInRepo
      ? { repository: { type: "git", url: facts.repositoryUrl, directory: facts.directoryInRepo } }
      : {}),
    keywords: ["koan", "koan-integration", "mlops", info.kebab],
    sideEffects: false,
    files: ["dist", "README.md", "LICENSE"],
    exports: {
      ".": { types: "./dist/index.d.ts", import: "./dist/index.js" },
      "./flavors": { types: "./dist/flavors.d.ts", import: "./dist/flavors.js" },
      "./package.json": "./package.json",
    },
    koan: { flavors: "./dist/flavors.js" },
    scripts: {
      build: "tsup",
      typecheck: "tsc --noEmit",
      test: "vitest run",
      "test:int": "vitest run --mode int",
    },
    peerDependencies: { "@koan/core": versions.corePeer },
    devDependencies:
      mode === "monorepo"
        ? { "@koan/build-config": "*", "@koan/core": versions.coreDev, "@koan/testing": versions.testingDev }
        : { "@koan/core": versions.corePeer, "@koan/testing": caret(versions.testingDev), ...STANDALONE_TOOLS },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function caret(version: string): string {
  return /^\d/.test(version) ? `^${version}` : version;
}

export function tsconfigJson(facts: PackageFacts): string {
  if (facts.mode === "monorepo") {
    return `${JSON.stringify({ extends: `${facts.toRoot}/tsconfig.base.json`, include: ["src", "test", "*.config.ts"] }, null, 2)}\n`;
  }
  const compilerOptions = {
    target: "ES2022",
    lib: ["ES2023"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    types: ["node"],
    strict: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    esModuleInterop: true,
    skipLibCheck: true,
    declaration: true,
    noEmit: true,
    forceConsistentCasingInFileNames: true,
  };
  return `${JSON.stringify({ compilerOptions, include: ["src", "test", "*.config.ts"] }, null, 2)}\n`;
}

export function tsupConfig(facts: PackageFacts): string {
  if (facts.mode === "monorepo") {
    return `import { koanTsup } from "@koan/build-config/tsup";\n\nexport default koanTsup({ entry: ["src/index.ts", "src/flavors.ts"] });\n`;
  }
  return `import { defineConfig } from "tsup";

// ESM with bundled .d.ts for Node 20; flavors.ts is its own entry so the CLI
// can load the flavor definitions without the implementation.
export default defineConfig({
  entry: ["src/index.ts", "src/flavors.ts"],
  format: ["esm"],
  target: "node20",
  platform: "node",
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
});
`;
}

export function vitestConfig(facts: PackageFacts): string {
  if (facts.mode === "monorepo") {
    return `import { koanVitest } from "@koan/build-config/vitest";\n\nexport default koanVitest();\n`;
  }
  return `import { defineConfig } from "vitest/config";

// \`vitest run\` runs the unit tests; \`vitest run --mode int\` runs *.int.test.ts
// against real services.
export default defineConfig(({ mode }) => {
  const integration = mode === "int";
  return {
    test: {
      include: integration ? ["test/**/*.int.test.ts"] : ["test/**/*.test.ts"],
      exclude: ["**/node_modules/**", "**/dist/**", ...(integration ? [] : ["**/*.int.test.ts"])],
      passWithNoTests: integration,
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  };
});
`;
}

export function indexTs(facts: PackageFacts): string {
  return `// The package's public API: the flavor, its config schema and the ${facts.info.words} class.\nexport * from "./${facts.info.kebab}/index.js";\n`;
}

export function flavorsTs(facts: PackageFacts): string {
  const flavor = flavorExport(facts);
  return `// The module the CLI loads to discover this package's flavors (the "koan"
// field of package.json points at its build). It imports only the flavor
// definition: the implementation and its SDK load when a component is created.
import type { AnyFlavor } from "@koan/core";
import { ${flavor} } from "./${facts.info.kebab}/flavor.js";

export { ${flavor} };

/** Every flavor this package provides. */
export const flavors: readonly AnyFlavor[] = [${flavor}];

export default flavors;
`;
}

/** The package checks on this package, after its build (monorepo only: the script lives there). */
export function packageTest(facts: PackageFacts): string {
  return `// The package checks on this package's packed tarball, after its build:
// exports with types, README, LICENSE, the @koan/core peer dependency,
// publint and are-the-types-wrong (scripts/check-packages.mjs).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const script = fileURLToPath(new URL("${facts.toRoot}/../scripts/check-packages.mjs", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));

it("passes the package checks", () => {
  const result = spawnSync(process.execPath, [script, "--only", packageDir], { encoding: "utf8" });
  expect(result.status, result.stdout + result.stderr).toBe(0);
}, 120_000);
`;
}

export function readme(facts: PackageFacts, fragment: string): string {
  const { name, info } = facts;
  const env = `KOAN_${constantCase(name)}_URL`;
  return `# @koan/${name}

A [Koan](https://github.com/koan-mlops/koan) ${info.words} flavor: \`${name}\`.

> Scaffolded by \`koan integration new ${name} --type ${info.kebab}\`. Replace the
> implementation in \`src/${info.kebab}/\` with a client of the tool you
> integrate, and this note with what the package does and what it needs.

## Install

\`\`\`sh
npm install @koan/${name}
\`\`\`

\`@koan/core\` is a peer dependency: install it too if your project does not
have it yet. Node.js 20 or later, ESM only.

${fragment.trim()}

## Test

\`\`\`sh
npm test           # unit tests and the ${info.words} conformance suite from @koan/testing
npm run test:int   # the same suite against the real service
\`\`\`

The integration tests (\`test/${info.kebab}.int.test.ts\`) find the service
through \`${env}\`. Without it they are skipped with the reason in their
title; with \`KOAN_REQUIRE_PEERS=1\` (as in CI) they fail instead.

## License

Apache-2.0
`;
}

export function changeset(facts: PackageFacts): string {
  return `---\n"@koan/${facts.name}": minor\n---\n\nNew integration \`@koan/${facts.name}\`: the \`${facts.name}\` ${facts.info.words} flavor.\n`;
}

export const STANDALONE_GITIGNORE = "node_modules/\ndist/\n*.tsbuildinfo\ntest-results*.json\n";
