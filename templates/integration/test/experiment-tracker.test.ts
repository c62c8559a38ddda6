import { experimentTrackerSuite, flavorSuite } from "@koan/testing";
import type { RecordedTrackerRun } from "@koan/testing";
import type { TrackerStepRun } from "@koan/core/contracts";
import { TemplateExperimentTracker, templateExperimentTracker } from "../src/experiment-tracker/index.js";

const context = { componentName: "conformance", repositoryRoot: process.cwd() };

let created: TemplateExperimentTracker | undefined;

/** Reads a run back from the tracker's records, not from the client object. */
async function inspect(run: TrackerStepRun): Promise<RecordedTrackerRun> {
  const record = created?.recorded(run.id);
  if (!record) throw new Error(`The tracker has no run ${run.id}`);
  return {
    params: record.params,
    metrics: Object.fromEntries(
      Object.entries(record.metrics).map(([key, values]) => [key, values.map((m) => (m.step === undefined ? { value: m.value } : { value: m.value, step: m.step }))]),
    ),
    tags: record.tags,
    artifacts: [...record.artifacts.keys()],
    status: record.status,
  };
}

experimentTrackerSuite({
  name: "template with a UI",
  create: async () => {
    created = (await templateExperimentTracker.create(templateExperimentTracker.parseConfig({ baseUrl: "http://tracker.local:5000" }), context)) as TemplateExperimentTracker;
    return created;
  },
  capabilities: { urls: true, artifacts: true },
  inspect,
});

experimentTrackerSuite({
  name: "template without a UI",
  create: () => templateExperimentTracker.create(templateExperimentTracker.parseConfig({}), context),
  capabilities: { urls: false, artifacts: true },
});

flavorSuite({
  flavor: templateExperimentTracker,
  validConfig: { baseUrl: "http://tracker.local:5000" },
  invalidConfigs: [{ config: { baseUrl: "not a url" }, path: "baseUrl" }],
  context,
  packageName: "@koan/integration-template",
});
