#!/usr/bin/env node
// Copies the integration template (templates/integration) into this
// package's template/ folder, so the published @koan/scaffold carries it.
// Inside the monorepo the scaffolder reads templates/integration directly.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL("..", import.meta.url));
const source = join(here, "..", "..", "templates", "integration");
const target = join(here, "template");

if (!existsSync(join(source, "package.json"))) {
  console.error(`copy-template: no template at ${source}`);
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
for (const entry of ["src", "test", "readme", "LICENSE"]) {
  cpSync(join(source, entry), join(target, entry), { recursive: true });
}
// Only what the scaffolder reads from the manifest: the versions of Koan's packages.
const manifest = JSON.parse(readFileSync(join(source, "package.json"), "utf8"));
const { name, version, peerDependencies, devDependencies } = manifest;
writeFileSync(join(target, "package.json"), `${JSON.stringify({ name, version, private: true, peerDependencies, devDependencies }, null, 2)}\n`);
