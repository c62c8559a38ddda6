import { MaterializerError } from "@koan/contracts";
import type { Materializer } from "./materializer.js";
import { isTypedArrayName, typedArrayFromBytes, typedArrayName } from "./koan-json.js";
import type { TypedArray } from "./koan-json.js";

/**
 * Typed arrays (Float64Array, Int32Array, ...) as their raw little-endian
 * bytes: no text encoding, so large numeric arrays save at disk speed.
 */
export const typedArrayMaterializer: Materializer<TypedArray> = {
  id: "koan.typed-array",
  canHandle: (value): value is TypedArray => typedArrayName(value) !== undefined,
  dataType: (value) => typedArrayName(value) ?? "TypedArray",
  async save(value, writer) {
    await writer.write("data.bin", new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    const facts: Record<string, string | number> = { dtype: typedArrayName(value) as string, length: value.length };
    if (!(value instanceof BigInt64Array || value instanceof BigUint64Array) && value.length > 0) {
      let min = Infinity, max = -Infinity, sum = 0;
      for (const x of value as Float64Array) { if (x < min) min = x; if (x > max) max = x; sum += x; }
      // Facts are stored as JSON, which has no NaN or Infinity: leave out what it cannot hold.
      for (const [name, fact] of Object.entries({ min, max, mean: sum / value.length })) {
        if (Number.isFinite(fact)) facts[name] = fact;
      }
    }
    return facts;
  },
  async load(reader) {
    const dtype = reader.metadata.dtype;
    if (!isTypedArrayName(dtype)) {
      throw new MaterializerError(`Typed array artifact has an unknown dtype ${JSON.stringify(dtype)}`);
    }
    return typedArrayFromBytes(dtype, await reader.read("data.bin"));
  },
  visualize(value, metadata) {
    return [{ type: "json", name: "summary", content: JSON.stringify(metadata, null, 2) }, {
      type: "csv", name: "values", content: ["value", ...Array.from(value.subarray(0, 1000), String)].join("\n"),
    }];
  },
};
