import type { MlflowClient } from "../../src/client/index.js";

/**
 * A tiny MLflow pyfunc model that needs no ML library: `loader_module`
 * points at a Python file shipped in the model's `code` folder, whose
 * `predict` multiplies the `x` column by the factor stored in `data/`.
 * These are the files of the model folder, by relative path.
 */
export function pyfuncModelFiles(factor: number): Record<string, string> {
  return {
    MLmodel: [
      "artifact_path: model",
      "flavors:",
      "  python_function:",
      "    loader_module: koan_scale_model",
      "    code: code",
      "    data: data/factor.json",
      "    python_version: 3.11.7",
      `model_uuid: ${Math.random().toString(16).slice(2).padEnd(32, "0")}`,
      "utc_time_created: '2026-01-01 00:00:00.000000'",
      "",
    ].join("\n"),
    "code/koan_scale_model.py": [
      "import json",
      "",
      "",
      "class ScaleModel:",
      "    def __init__(self, factor):",
      "        self.factor = factor",
      "",
      "    def predict(self, data, params=None):",
      "        return [float(x) * self.factor for x in data['x']]",
      "",
      "",
      "def _load_pyfunc(path):",
      "    with open(path) as f:",
      "        return ScaleModel(json.load(f)['factor'])",
      "",
    ].join("\n"),
    "data/factor.json": JSON.stringify({ factor }),
  };
}

/** A prediction request for the model, in the scoring server's `dataframe_split` format. */
export const PYFUNC_INPUT = { dataframe_split: { columns: ["x"], data: [[1], [2.5]] } };

/** Uploads the model's files into a new run's artifacts under `model/`; returns the run and the model's URI. */
export async function logPyfuncModel(client: MlflowClient, experimentName: string, factor: number): Promise<{ runId: string; source: string }> {
  let experimentId: string;
  try {
    experimentId = (await client.experiments.getByName(experimentName)).experiment_id;
  } catch {
    experimentId = await client.experiments.create(experimentName);
  }
  const run = await client.runs.create({ experimentId, runName: "pyfunc-model" });
  const root = run.info.artifact_uri as string;
  for (const [path, text] of Object.entries(pyfuncModelFiles(factor))) {
    await client.artifacts.upload(root, `model/${path}`, new TextEncoder().encode(text));
  }
  await client.runs.update(run.info.run_id, { status: "FINISHED", endTime: Date.now() });
  return { runId: run.info.run_id, source: `${root}/model` };
}

/** Registers the model as a new version of `name` (created when missing); returns the version. */
export async function registerPyfuncModel(client: MlflowClient, name: string, factor: number): Promise<string> {
  const { runId, source } = await logPyfuncModel(client, `${name}-training`, factor);
  try {
    await client.registry.createModel(name);
  } catch {
    // Exists already: a second version of it.
  }
  const version = await client.registry.createVersion({ name, source, runId });
  return version.version;
}
