import type { ArtifactRecord, JsonValue, StepSpec } from "@koan/contracts";
import { hashJson } from "../util/hash.js";

/**
 * The cache key of a step: everything that decides its outputs. Two
 * invocations with equal keys would produce the same artifacts, so the
 * second may reuse the first's. Input artifacts count by content hash, so
 * an upstream step that recomputes the same bytes does not invalidate
 * anything downstream.
 */
export function cacheKey(step: StepSpec, inputs: Readonly<Record<string, ArtifactRecord>>, storeIdentity: string): string {
  const inputFacts: Record<string, JsonValue> = {};
  for (const name of Object.keys(inputs).sort()) {
    const artifact = inputs[name] as ArtifactRecord;
    inputFacts[name] = { hash: artifact.contentHash, materializer: artifact.materializer };
  }
  return hashJson({
    v: 1,
    step: step.name,
    source: step.sourceHash,
    version: step.version,
    params: step.params,
    inputs: inputFacts,
    outputs: step.outputs.map((o) => ({ name: o.name, materializer: o.materializer })),
    store: storeIdentity,
  });
}
