import { MaterializerError } from "@koan/contracts";
import type { JsonValue } from "@koan/contracts";

/*
 * JSON that round-trips more than JSON does: Date, Map, Set, bigint,
 * undefined, NaN, ±Infinity, -0, typed arrays and Buffers. Such values become
 * `{"$koan": tag, "v": ...}`; a user object that happens to have a `$koan`
 * key is wrapped as tag "object", so decoding is never ambiguous.
 */

const TAG = "$koan";

type TypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

const TYPED_ARRAYS = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** True for values `encodeKoanJson` may be able to encode (checked shallowly). */
export function isKoanJsonCandidate(value: unknown): boolean {
  switch (typeof value) {
    case "string": case "number": case "boolean": case "bigint": case "undefined": return true;
    case "object":
      return value === null || Array.isArray(value) || isPlainObject(value) ||
        value instanceof Date || value instanceof Map || value instanceof Set;
    default: return false;
  }
}

export function encodeKoanJson(value: unknown): JsonValue {
  return encode(value, "value", new Set());
}

function encode(value: unknown, path: string, ancestors: Set<object>): JsonValue {
  switch (typeof value) {
    case "string": case "boolean": return value;
    case "number":
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      return { [TAG]: "number", v: Object.is(value, -0) ? "-0" : String(value) };
    case "bigint": return { [TAG]: "bigint", v: value.toString() };
    case "undefined": return { [TAG]: "undefined" };
    case "function": throw unsupported(path, "a function");
    case "symbol": throw unsupported(path, "a symbol");
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) throw new MaterializerError(`Cannot save ${path}: it contains a reference to itself (a cycle)`);
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      const out: JsonValue[] = [];
      for (let i = 0; i < object.length; i++) out.push(encode(object[i], `${path}[${i}]`, ancestors));
      return out;
    }
    if (object instanceof Date) return { [TAG]: "Date", v: Number.isNaN(object.getTime()) ? "Invalid" : object.toISOString() };
    if (object instanceof Map) {
      return { [TAG]: "Map", v: [...object].map(([k, v], i) => [encode(k, `${path}<key ${i}>`, ancestors), encode(v, `${path}<value ${i}>`, ancestors)]) };
    }
    if (object instanceof Set) return { [TAG]: "Set", v: [...object].map((v, i) => encode(v, `${path}<item ${i}>`, ancestors)) };
    if (Buffer.isBuffer(object)) return { [TAG]: "Buffer", v: object.toString("base64") };
    if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
      const name = object.constructor.name as TypedArrayName;
      if (name in TYPED_ARRAYS) {
        const bytes = Buffer.from(object.buffer, object.byteOffset, object.byteLength);
        return { [TAG]: name, v: bytes.toString("base64") };
      }
    }
    if (isPlainObject(object)) {
      const out: { [key: string]: JsonValue } = {};
      for (const [key, item] of Object.entries(object)) setOwn(out, key, encode(item, `${path}.${key}`, ancestors));
      return Object.hasOwn(out, TAG) ? { [TAG]: "object", v: out } : out;
    }
    const kind = object.constructor?.name ?? "object";
    throw unsupported(path, `an instance of ${kind}`);
  } finally {
    ancestors.delete(object);
  }
}

/**
 * `out[key] = item` would turn a `__proto__` key into a prototype change (the
 * key lost on save, stored data becoming the prototype on load); define it.
 */
function setOwn(out: Record<string, unknown>, key: string, item: unknown): void {
  Object.defineProperty(out, key, { value: item, writable: true, enumerable: true, configurable: true });
}

function unsupported(path: string, what: string): MaterializerError {
  return new MaterializerError(
    `Cannot save ${path}: it is ${what}, which the JSON materializer cannot store. ` +
      `Return plain data (objects, arrays, strings, numbers, Date, Map, Set, bigint, typed arrays), ` +
      `or give the output a materializer of its own (step({ materializer })) or register one with registerMaterializer().`,
  );
}

export function decodeKoanJson(value: JsonValue): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(decodeKoanJson);
  const tag = value[TAG];
  if (typeof tag !== "string") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, decodeKoanJson(item));
    return out;
  }
  const v = value.v;
  switch (tag) {
    case "number": return v === "-0" ? -0 : Number(v);
    case "bigint": return BigInt(v as string);
    case "undefined": return undefined;
    case "Date": return new Date(v === "Invalid" ? Number.NaN : (v as string));
    case "Map": return new Map((v as [JsonValue, JsonValue][]).map(([k, item]) => [decodeKoanJson(k), decodeKoanJson(item)]));
    case "Set": return new Set((v as JsonValue[]).map(decodeKoanJson));
    case "Buffer": return Buffer.from(v as string, "base64");
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v as Record<string, JsonValue>)) setOwn(out, key, decodeKoanJson(item));
      return out;
    }
  }
  if (tag in TYPED_ARRAYS) return typedArrayFromBytes(tag as TypedArrayName, Buffer.from(v as string, "base64"));
  throw new MaterializerError(`Cannot load a value tagged "${tag}": it was written by a newer Koan. Upgrade @koan/core.`);
}

export function typedArrayFromBytes(name: TypedArrayName, bytes: Uint8Array): TypedArray {
  const Ctor = TYPED_ARRAYS[name];
  // Copy into a fresh, aligned buffer: the source may sit at any offset.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Ctor(copy.buffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
}

export function typedArrayName(value: unknown): TypedArrayName | undefined {
  if (!ArrayBuffer.isView(value) || value instanceof DataView || Buffer.isBuffer(value)) return undefined;
  const name = value.constructor.name;
  return name in TYPED_ARRAYS ? (name as TypedArrayName) : undefined;
}

export type { TypedArray, TypedArrayName };

export function isTypedArrayName(name: unknown): name is TypedArrayName {
  return typeof name === "string" && Object.hasOwn(TYPED_ARRAYS, name);
}
