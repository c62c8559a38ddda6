// No network here: the flavor definition and the pure parts of the tracker.
// The conformance suite runs against a real MLflow server in
// experiment-tracker.int.test.ts.
import { flavorSuite } from "@koan/testing";
import { describe, expect, it } from "vitest";
import { BATCH_LIMITS } from "../src/client/index.js";
import { mlflowExperimentTracker, paramValue } from "../src/experiment-tracker/index.js";
import { fittedParam, longParamArtifact } from "../src/experiment-tracker/param-value.js";

const context = { componentName: "conformance", repositoryRoot: process.cwd() };

flavorSuite({
  flavor: mlflowExperimentTracker,
  validConfig: { trackingUri: "http://127.0.0.1:5000", experimentName: "shared" },
  invalidConfigs: [
    { config: {}, path: "trackingUri" },
    { config: { trackingUri: "not a url" }, path: "trackingUri" },
    { config: { trackingUri: "http://127.0.0.1:5000", experimentName: "" }, path: "experimentName" },
  ],
  context,
  packageName: "@koan/mlflow",
});

describe("param values", () => {
  it("keeps strings and writes anything else as JSON", () => {
    expect(paramValue("adam")).toBe("adam");
    expect(paramValue(0.05)).toBe("0.05");
    expect(paramValue([64, 32])).toBe("[64,32]");
    expect(paramValue({ dropout: 0.1 })).toBe('{"dropout":0.1}');
    expect(paramValue(null)).toBe("null");
  });

  it("fits a long value into MLflow's limit and says where the whole value is", () => {
    const long = "x".repeat(BATCH_LIMITS.paramValueLength + 1);
    const fitted = fittedParam("vocabulary", long);
    expect(fitted.overflow).toBe(true);
    expect(fitted.value.length).toBeLessThanOrEqual(BATCH_LIMITS.paramValueLength);
    expect(fitted.value).toContain(longParamArtifact("vocabulary"));
    expect(fittedParam("short", "abc")).toEqual({ value: "abc", overflow: false });
    expect(longParamArtifact("a/b c")).toBe("koan-params/a_b_c.txt");
  });
});
