import type { ArtifactRecord, JsonValue, StepSpec } from "@koan/contracts";
import { canonicalJson, sha256Hex } from "../util/hash.js";

/**
 * The cache key of a step: everything that decides its outputs. Two
 * invocations with equal keys would produce the same artifacts, so the
 * second may reuse the first's. Input artifacts count by content hash, so
 * an upstream step that recomputes the same bytes does not invalidate
 * anything downstream.
 *
 * It is `hashJson` of the object below. Only the inputs change from one
 * invocation of a step to the next, and "inputs" sorts before every other
 * key of the object, so the canonical JSON is the inputs' part followed by
 * the rest, which is serialised once per step spec and artifact store (this
 * runs for every step, cache on or off, since the key is recorded for later
 * hits).
 */
export function cacheKey(step: StepSpec, inputs: Readonly<Record<string, ArtifactRecord>>, storeIdentity: string): string {
  const inputFacts: Record<string, JsonValue> = {};
  for (const name of Object.keys(inputs).sort()) {
    const artifact = inputs[name] as ArtifactRecord;
    inputFacts[name] = { hash: artifact.contentHash, materializer: artifact.materializer };
  }
  return `sha256:${sha256Hex(`{"inputs":${canonicalJson(inputFacts)},${fixedFacts(step, storeIdentity)}`)}`;
}

/** The facts of a cache key other than its inputs. */
function cacheKeyFacts(step: StepSpec, storeIdentity: string): Record<string, JsonValue> {
  return {
    v: 1,
    step: step.name,
    source: step.sourceHash,
    version: step.version,
    params: step.params,
    outputs: step.outputs.map((o) => ({ name: o.name, materializer: o.materializer })),
    store: storeIdentity,
  };
}

/** Serialised facts by step spec, then store identity. Specs are immutable once compiled. */
const fixed = new WeakMap<StepSpec, Map<string, string>>();

function fixedFacts(step: StepSpec, storeIdentity: string): string {
  let byStore = fixed.get(step);
  if (!byStore) {
    byStore = new Map();
    fixed.set(step, byStore);
  }
  let text = byStore.get(storeIdentity);
  if (text === undefined) {
    // Every key sorts after "inputs", so this is the rest of the whole object's canonical JSON.
    text = canonicalJson(cacheKeyFacts(step, storeIdentity)).slice(1);
    byStore.set(storeIdentity, text);
  }
  return text;
}
