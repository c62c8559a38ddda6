import { join, relative } from "node:path";
import type { ScaffoldResult } from "./scaffold.js";
import { detectWorkspace } from "./workspace.js";

/**
 * Where `NAME` goes when no folder is given: `integrations/NAME` of Koan's
 * repository when run inside it, else `NAME` in the current folder.
 */
export function defaultTargetDir(name: string, cwd: string = process.cwd()): string {
  const workspace = detectWorkspace(cwd);
  return workspace.isKoanMonorepo && workspace.root ? join(workspace.root, "integrations", name) : join(cwd, name);
}

/** What to do after scaffolding, as lines to print. */
export function nextSteps(result: ScaffoldResult, cwd: string = process.cwd()): string[] {
  const where = relative(cwd, result.directory) || ".";
  const lines = [`cd ${where}`];
  if (result.mode === "monorepo") {
    lines.push(
      "npm install                      # from the repository root: links the new workspace",
      `npx turbo run build typecheck test --filter=${result.packageName}`,
      `add ${result.packageName} to packages/cli/src/integrations/known-integrations.ts (the package check compares it with integrations/)`,
    );
  } else {
    lines.push("npm install", "npm run build && npm test");
  }
  lines.push(`then replace the implementation in src/${result.type.replaceAll("_", "-")}/ with a client of your tool (see docs/integrations.md)`);
  return lines;
}
