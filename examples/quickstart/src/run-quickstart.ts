import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { PipelineRun, Stack } from "@koan/core";
import { CHURN_CSV_RELATIVE_PATH } from "./ml/index.js";
import { churnTraining } from "./pipeline.js";

/**
 * Runs the churn pipeline on the dataset shipped in this example, on the
 * active stack or on `stack` (a stack object, or a registered stack's name).
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
    ...(options.progress === undefined ? {} : { progress: options.progress }),
    ...(options.stack === undefined ? {} : { stack: options.stack }),
  });
}
