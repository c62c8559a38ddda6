import type { ArtifactRecord, JsonValue, StepSpec } from "@koan/contracts";
import { describe, expect, it } from "vitest";
import { cacheKey } from "../src/engine/cache-key.js";
import { hashJson } from "../src/util/hash.js";

const spec: StepSpec = {
  id: "train",
  name: "train",
  sourceHash: "sha256:abc",
  version: "2",
  params: { lr: 0.1, layers: [3, 2], nested: { b: 1, a: null } },
  inputs: { data: { step: "load", output: "train" }, holdout: { step: "load", output: "test" } },
  outputs: [
    { name: "model", materializer: null },
    { name: "metrics", materializer: "koan.json" },
  ],
  upstream: ["load"],
  enableCache: null,
  retry: { maxAttempts: 1, delayMs: 0, backoff: 1, maxDelayMs: 0 },
};

function input(contentHash: string): ArtifactRecord {
  return {
    id: `id-${contentHash}`,
    key: `artifacts/p/load/x/${contentHash}`,
    uri: "file:///tmp/x",
    storeIdentity: "local:/tmp",
    materializer: "koan.json",
    dataType: "Array",
    size: 1,
    contentHash,
    metadata: {},
    producerStepRunId: "s",
    producerRunId: "r",
    outputName: "x",
    createdAt: "2026-01-01T00:00:00.000Z",
  };
}

/** The cache key as first defined: the hash of one object's canonical JSON. Stored keys were made this way. */
function keyAsFirstDefined(step: StepSpec, inputs: Record<string, ArtifactRecord>, store: string): string {
  const inputFacts: Record<string, JsonValue> = {};
  for (const name of Object.keys(inputs).sort()) inputFacts[name] = { hash: inputs[name]!.contentHash, materializer: inputs[name]!.materializer };
  return hashJson({
    v: 1,
    step: step.name,
    source: step.sourceHash,
    version: step.version,
    params: step.params,
    inputs: inputFacts,
    outputs: step.outputs.map((o) => ({ name: o.name, materializer: o.materializer })),
    store,
  });
}

describe("cacheKey", () => {
  it("equals the hash of the whole object's canonical JSON, so keys recorded before stay valid", () => {
    const inputs = { holdout: input("sha256:2"), data: input("sha256:1") };
    expect(cacheKey(spec, inputs, "local:/a")).toBe(keyAsFirstDefined(spec, inputs, "local:/a"));
    // Again, from the serialised facts kept for this spec, with other inputs and another store.
    const other = { data: input("sha256:3"), holdout: input("sha256:2") };
    expect(cacheKey(spec, other, "local:/a")).toBe(keyAsFirstDefined(spec, other, "local:/a"));
    expect(cacheKey(spec, other, "local:/b")).toBe(keyAsFirstDefined(spec, other, "local:/b"));
    expect(cacheKey({ ...spec, inputs: {}, params: {} }, {}, "local:/a")).toBe(keyAsFirstDefined({ ...spec, params: {} }, {}, "local:/a"));
  });

  it("changes with each input's content, the store and the step's facts", () => {
    const inputs = { data: input("sha256:1"), holdout: input("sha256:2") };
    const key = cacheKey(spec, inputs, "local:/a");
    expect(cacheKey(spec, { ...inputs, data: input("sha256:9") }, "local:/a")).not.toBe(key);
    expect(cacheKey(spec, inputs, "local:/b")).not.toBe(key);
    expect(cacheKey({ ...spec, version: "3" }, inputs, "local:/a")).not.toBe(key);
    expect(cacheKey({ ...spec, params: { lr: 0.2 } }, inputs, "local:/a")).not.toBe(key);
    expect(cacheKey(spec, inputs, "local:/a")).toBe(key);
  });
});
