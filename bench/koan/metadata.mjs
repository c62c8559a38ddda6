// Metadata at scale: fills a fresh repository's store with many runs (three
// steps each, with artifacts and lineage) through the MetadataStore API, then
// times what a person does most: list the latest page of runs, and open one
// run with its steps (Client.getRun). Prints one JSON line.
//   node bench/koan/metadata.mjs --runs 100000 --repeat 200
import { parseArgs } from "node:util";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, closeRepositories, hashJson, openRepository } from "@koan/core";
import { median, percentile } from "../lib/stats.mjs";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "100000" },
    repeat: { type: "string", default: "200" },
    dir: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const repeat = Number(values.repeat);
const root = values.dir ?? mkdtempSync(join(tmpdir(), "koan-bench-metadata-"));

const STEPS = ["load", "train", "evaluate"];
const spec = {
  specVersion: 1,
  name: "scale",
  enableCache: true,
  params: {},
  steps: STEPS.map((id, i) => ({
    id,
    name: id,
    sourceHash: `sha256:${"0".repeat(64)}`,
    version: null,
    params: {},
    inputs: i === 0 ? {} : { data: { step: STEPS[i - 1], output: "output" } },
    outputs: [{ name: "output", materializer: null }],
    upstream: i === 0 ? [] : [STEPS[i - 1]],
    enableCache: null,
    retry: { maxAttempts: 1, initialDelayMs: 0, backoff: 1 },
  })),
};

try {
  const repository = await openRepository({ root, create: true });
  const { store } = repository;
  const version = await store.savePipelineVersion(spec.name, hashJson(spec), spec);

  const seedStart = performance.now();
  let middleRunId;
  for (let r = 0; r < runs; r++) {
    const run = await store.createRun({
      name: `scale-${r}`,
      pipelineVersionId: version.id,
      stackName: "default",
      stack: {},
      params: { round: r },
      host: "bench",
      pid: process.pid,
    });
    let previous;
    for (const stepId of STEPS) {
      const stepRun = await store.createStepRun({
        runId: run.id,
        stepId,
        stepName: stepId,
        status: "running",
        params: {},
        inputs: previous ? { data: previous } : {},
      });
      const key = `artifacts/scale/${stepId}/output/${r}`;
      await store.finishStepRun(stepRun.id, {
        status: "completed",
        cacheKey: `sha256:${r}-${stepId}`,
        attempts: 1,
        logsKey: null,
        metadata: {},
        outputs: [
          {
            key,
            uri: `file:///bench/${key}`,
            storeIdentity: "local:/bench",
            materializer: "koan.json",
            dataType: "number",
            size: 8,
            contentHash: `sha256:${r}`,
            metadata: {},
            outputName: "output",
          },
        ],
      });
      const [link] = (await store.listStepArtifacts(stepRun.id)).filter((l) => l.direction === "output");
      previous = link.artifact.id;
    }
    await store.finishRun(run.id, { status: "completed", error: null });
    if (r === Math.floor(runs / 2)) middleRunId = run.id;
  }
  const seedMs = performance.now() - seedStart;

  const client = await Client.open({ root });
  const time = async (fn) => {
    const samples = [];
    for (let i = 0; i < repeat; i++) {
      const t = performance.now();
      await fn();
      samples.push(performance.now() - t);
    }
    return samples;
  };
  // The first call of each pays for statement preparation; report it apart.
  const firstList = await time1(() => client.listRuns());
  const firstGet = await time1(() => client.getRun(middleRunId));
  const list = await time(async () => {
    const page = await client.listRuns();
    if (page.length !== Math.min(50, runs)) throw new Error(`listRuns returned ${page.length} runs`);
  });
  const get = await time(async () => {
    const run = await client.getRun(middleRunId);
    if (run.steps.length !== STEPS.length) throw new Error(`getRun returned ${run.steps.length} steps`);
  });
  const count = await store.countRuns();
  if (count !== runs) throw new Error(`the store holds ${count} runs, expected ${runs}`);
  process.stdout.write(
    `${JSON.stringify({
      runs,
      seedMs,
      seedPerRunMs: seedMs / runs,
      listFirstMs: firstList,
      getFirstMs: firstGet,
      listMs: median(list),
      listP95Ms: percentile(list, 95),
      getMs: median(get),
      getP95Ms: percentile(get, 95),
    })}\n`,
  );
} finally {
  await closeRepositories();
  if (!values.keep) rmSync(root, { recursive: true, force: true });
}

async function time1(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
