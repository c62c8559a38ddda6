import { resolve } from "node:path";
import { ui } from "../output/ui.js";

/**
 * `koan integration new NAME --type TYPE`: scaffolds an integration package.
 * @koan/scaffold does the work (and validates name, type and target); it is
 * loaded only here, so other commands do not pay for it.
 */
export async function integrationNew(name: string, options: { type: string; dir?: string }): Promise<void> {
  const { defaultTargetDir, nextSteps, scaffoldIntegration } = await import("@koan/scaffold");
  const targetDir = options.dir ? resolve(options.dir) : defaultTargetDir(name);
  const result = await scaffoldIntegration({ name, type: options.type, targetDir });
  ui.success(`Created ${result.packageName} (${result.type.replaceAll("_", " ")} flavor "${result.flavorName}") in ${result.directory}, ${result.files.length} files`);
  ui.print("Next:");
  for (const line of nextSteps(result)) ui.print(`  ${line}`);
}
