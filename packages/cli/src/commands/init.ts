import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { findRepositoryRoot, initRepository, KOAN_DIR } from "@koan/core";
import { ui } from "../output/ui.js";

/** `koan init [path]`: creates what is missing of `.koan/`; running it again changes nothing and says so. */
export async function init(path: string | undefined): Promise<void> {
  const root = resolve(path ?? process.env.KOAN_REPOSITORY ?? process.cwd());
  const existed = existsSync(join(root, KOAN_DIR, "config.json"));
  const { repository, created } = await ui.progress("Creating the repository", () => initRepository(root, { create: true }));
  await repository.store.close();

  if (created.length === 0) {
    ui.print(`Koan repository already initialized in ${root}; nothing changed.`);
    ui.note(`Active stack: ${repository.config.activeStack}. See it with \`koan stack describe\`.`);
    return;
  }
  ui.success(existed ? `Completed the Koan repository in ${root}` : `Initialized a Koan repository in ${root}`);
  for (const item of created) ui.print(`  created ${item}`);
  ui.print(`Active stack: ${repository.config.activeStack}`);

  const parent = findRepositoryRoot(dirname(root));
  if (!existed && parent) ui.warn(`${parent} has a Koan repository too; commands run in ${root} or below now use the new one.`);
  if (!existed) {
    ui.print("");
    ui.print("Next:");
    ui.print("  koan stack describe      see the active stack");
    ui.print("  koan run run.ts          run a pipeline on it");
    ui.print("  koan secret create ...   store credentials that component configs refer to as {{name.key}}");
  }
}
