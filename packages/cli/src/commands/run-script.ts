import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { closeRepositories, findRepositoryRoot, openRepository } from "@koan/core/repository";
import { CliError } from "../cli-error.js";
import { EXIT } from "../exit-codes.js";
import { formatDuration } from "../output/format.js";
import { ui } from "../output/ui.js";

/**
 * `koan run FILE`: runs a runner script in a child process under tsx's
 * loader (TypeScript with no compile step), in the project's repository, on
 * its active stack. The script's own `pipeline.run()` does the work, exactly
 * as it would without koan; afterwards the runs it made are listed.
 */
export async function runScript(file: string, args: readonly string[]): Promise<void> {
  const path = resolve(file);
  if (!existsSync(path)) throw new CliError("NOT_FOUND", `No file ${file}. Give the path of a runner script, e.g. \`koan run run.ts\`.`);
  const root = process.env.KOAN_REPOSITORY ? resolve(process.env.KOAN_REPOSITORY) : findRepositoryRoot();
  if (!root) {
    throw new CliError("NO_REPOSITORY", `No Koan repository in ${process.cwd()} or above. Run \`koan init\` in your project folder first.`);
  }
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
  const entry = fileURLToPath(new URL("./run-entry.js", import.meta.url));
  const child = spawn(process.execPath, ["--import", tsx, entry, path, ...args], {
    stdio: "inherit",
    env: { ...process.env, KOAN_REPOSITORY: root },
  });
  // Ctrl-C reaches the child through the terminal; a signal sent to koan alone is passed on.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward).on("SIGTERM", forward);
  const code = await new Promise<number>((done, fail) => {
    child.once("error", fail);
    child.once("close", (exitCode, signal) => done(exitCode ?? (signal === "SIGINT" ? EXIT.INTERRUPTED : EXIT.FAILURE)));
  });
  process.off("SIGINT", forward).off("SIGTERM", forward);

  await summarize(root, child.pid);
  if (code !== 0) process.exitCode = code;
}

/** The runs the script's process made, found by its pid and host. */
async function summarize(root: string, pid: number | undefined): Promise<void> {
  if (pid === undefined) return;
  try {
    const repository = await openRepository({ root });
    const host = hostname();
    const runs = (await repository.store.listRuns({ limit: 50 })).filter((r) => r.pid === pid && r.host === host).reverse();
    for (const run of runs) {
      const steps = await repository.store.listStepRuns(run.id);
      const cached = steps.filter((s) => s.status === "cached").length;
      const duration = run.endedAt ? formatDuration(Date.parse(run.endedAt) - Date.parse(run.startedAt)) : "-";
      const status = run.status === "completed" ? ui.out.green(run.status) : run.status === "failed" ? ui.out.red(run.status) : run.status;
      ui.print(`Run ${ui.out.bold(run.name)} ${status} in ${duration} on stack "${run.stackName}" (${cached} of ${steps.length} steps from cache)`);
      ui.note(`  koan run describe ${run.name}    koan run logs ${run.name}`);
    }
  } finally {
    await closeRepositories();
  }
}
