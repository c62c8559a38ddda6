import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { PipelineRun, Stack } from "@koan/core";
import { CHURN_CSV_RELATIVE_PATH } from "./ml/index.js";
import { churnTraining } from "./pipeline.js";

/**
 * Runs the churn pipeline on the dataset shipped in this example, on the
 * repository's active stack or on `stack` (defined in code, or a registered
 * stack's name): the same pipeline on another artifact store, for example.
 */
export async function runQuickstart(options: {
  exampleRoot: string;
  repository?: string;
  progress?: boolean;
  stack?: Stack | string;
}): Promise<PipelineRun> {
  const dataPath = resolve(options.exampleRoot, CHURN_CSV_RELATIVE_PATH);
  const dataSha256 = createHash("sha256").update(await readFile(dataPath)).digest("hex");
  return churnTraining.run({
    params: { dataPath, dataSha256 },
    ...(options.repository ? { repository: options.repository } : {}),
    ...(options.stack ? { stack: options.stack } : {}),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
}
