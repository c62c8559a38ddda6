// Core's local orchestrator against the orchestrator conformance suite,
// with fail-fast on and off, and its flavor definition.
import { LocalOrchestrator, localOrchestrator } from "@koan/core";
import { describe, expect, it } from "vitest";
import { flavorSuite, makeSpec, orchestratorSuite, RecordingExecution } from "../src/index.js";

orchestratorSuite({
  name: "core local (concurrency 3)",
  create: async () => new LocalOrchestrator({ concurrency: 3, failFast: true }),
  capabilities: { parallel: true, maxConcurrency: 3, cancellation: true },
});

orchestratorSuite({
  name: "core local (concurrency 1, no fail-fast)",
  create: async () => new LocalOrchestrator({ concurrency: 1, failFast: false }),
  capabilities: { parallel: false, maxConcurrency: 1, cancellation: true },
});

orchestratorSuite({
  name: "core local flavor (defaults)",
  create: async () => (await localOrchestrator.createComponent({}, { componentName: "local", repositoryRoot: process.cwd() })) as LocalOrchestrator,
  capabilities: { parallel: true, cancellation: true },
});

flavorSuite({
  flavor: localOrchestrator,
  validConfig: { concurrency: 2 },
  invalidConfigs: [
    { config: { concurrency: 0 }, path: "concurrency" },
    { config: { concurrency: 1.5 }, path: "concurrency" },
    { config: { failFast: "yes" }, path: "failFast" },
  ],
  packageName: "@koan/core",
});

describe("core local orchestrator, beyond the suite", () => {
  it("without fail-fast, independent steps still run after a failure", async () => {
    const orchestrator = new LocalOrchestrator({ concurrency: 1, failFast: false });
    const spec = makeSpec([{ id: "a" }, { id: "b" }, { id: "c", upstream: ["a"] }]);
    const execution = new RecordingExecution(spec, { a: "fail" });
    const result = await orchestrator.run(spec, execution);
    expect(execution.started).toEqual(["a", "b"]);
    expect(result.status).toBe("failed");
  });
});
