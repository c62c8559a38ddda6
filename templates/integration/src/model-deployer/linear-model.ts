import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { JsonValue } from "@koan/core/contracts";

/** The model format this deployer serves: `{ "weights": [...], "bias": 0 }` as JSON. */
export interface LinearModel {
  readonly weights: readonly number[];
  readonly bias: number;
}

/** Reads a model from a file path or a `file:` URI. */
export async function loadLinearModel(uri: string): Promise<LinearModel> {
  const path = uri.startsWith("file:") ? fileURLToPath(uri) : uri;
  const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
  const model = parsed as Partial<LinearModel> | null;
  if (!model || !Array.isArray(model.weights) || !model.weights.every((w) => typeof w === "number") || typeof model.bias !== "number") {
    throw new Error(`${uri} is not a linear model: expected {"weights": number[], "bias": number}`);
  }
  return { weights: model.weights, bias: model.bias };
}

/** `{ "instances": [[...features], ...] }` -> `{ "predictions": [...] }`. */
export function predictLinear(model: LinearModel, input: JsonValue): JsonValue {
  const instances = (input as { instances?: unknown } | null)?.instances;
  if (!Array.isArray(instances)) throw new Error('Expected a request of the form {"instances": [[number, ...], ...]}');
  return {
    predictions: instances.map((row) => {
      if (!Array.isArray(row) || row.length !== model.weights.length) {
        throw new Error(`Each instance needs ${model.weights.length} numbers`);
      }
      return row.reduce((sum: number, x, i) => sum + Number(x) * (model.weights[i] ?? 0), model.bias);
    }),
  };
}
