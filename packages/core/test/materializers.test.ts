import { createRequire } from "node:module";
import type { blake3 as hashWasmBlake3 } from "hash-wasm";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JsonObject, JsonValue, NewArtifact, Visualization } from "../src/contracts.js";
import { KoanError, MaterializerError } from "../src/contracts.js";
import { artifactReader, saveArtifact } from "../src/engine/materialize.js";
import { LocalArtifactStore } from "../src/local/local-artifact-store.js";
import { bytesMaterializer } from "../src/materializers/bytes-materializer.js";
import { jsonMaterializer } from "../src/materializers/json-materializer.js";
import { decodeKoanJson, encodeKoanJson, isKoanJsonCandidate } from "../src/materializers/koan-json.js";
import type { Materializer } from "../src/materializers/materializer.js";
import { materializers, registerMaterializer } from "../src/materializers/materializer-registry.js";
import { stringMaterializer } from "../src/materializers/string-materializer.js";
import { typedArrayMaterializer } from "../src/materializers/typed-array-materializer.js";
import { defaultBlake3Loaders, loadBlake3, type Blake3 } from "../src/util/content-hash.js";

/** hash-wasm's BLAKE3, used directly: an implementation independent of core's native one. */
const independentBlake3 = (createRequire(import.meta.url)("hash-wasm") as { blake3: typeof hashWasmBlake3 }).blake3;

/** Encodes, goes through real JSON text (as the stored file does), and decodes. */
function roundTrip(value: unknown): unknown {
  const text = JSON.stringify(encodeKoanJson(value));
  return decodeKoanJson(JSON.parse(text) as JsonValue);
}

function saveError(value: unknown): Error {
  try {
    encodeKoanJson(value);
  } catch (error) {
    return error as Error;
  }
  throw new Error("encodeKoanJson did not throw");
}

const TYPED_ARRAY_SAMPLES = {
  Int8Array: Int8Array.of(-128, -1, 0, 1, 127),
  Uint8Array: Uint8Array.of(0, 1, 128, 255),
  Uint8ClampedArray: Uint8ClampedArray.of(0, 7, 255),
  Int16Array: Int16Array.of(-32768, -2, 0, 3, 32767),
  Uint16Array: Uint16Array.of(0, 1, 65535),
  Int32Array: Int32Array.of(-2147483648, -5, 0, 5, 2147483647),
  Uint32Array: Uint32Array.of(0, 1, 4294967295),
  Float32Array: Float32Array.of(0.1, -0, Number.NaN, Infinity, -Infinity, 3.4e38, 1e-45),
  Float64Array: Float64Array.of(Math.PI, -0, Number.NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE),
  BigInt64Array: BigInt64Array.of(-(2n ** 63n), -1n, 0n, 1n, 2n ** 63n - 1n),
  BigUint64Array: BigUint64Array.of(0n, 1n, 2n ** 64n - 1n),
} as const;

/** Compares typed arrays element by element with Object.is, so -0 and NaN count. */
function expectSameTypedArray(actual: unknown, expected: ArrayBufferView & ArrayLike<number | bigint>): void {
  expect(Object.getPrototypeOf(actual)).toBe(Object.getPrototypeOf(expected));
  const got = actual as ArrayLike<number | bigint>;
  expect(got.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Object.is(got[i], expected[i]), `element ${i}: ${String(got[i])} vs ${String(expected[i])}`).toBe(true);
  }
}

describe("koan-json round trips", () => {
  it("keeps JSON primitives, arrays and objects as they are", () => {
    const value = {
      s: "text",
      n: 42,
      f: -1.5,
      t: true,
      fa: false,
      nul: null,
      arr: [1, "two", [3, [4]]],
      empty: {},
      ea: [],
    };
    expect(roundTrip(value)).toStrictEqual(value);
    // Plain JSON is stored as plain JSON: nothing is tagged.
    expect(encodeKoanJson(value)).toStrictEqual(value);
  });

  it("keeps top-level primitives", () => {
    for (const value of ["", "x", 0, 1, -7.25, true, false, null]) {
      expect(roundTrip(value)).toBe(value);
    }
    expect(roundTrip(undefined)).toBeUndefined();
    expect(roundTrip(10n)).toBe(10n);
  });

  it("keeps a Date exactly, to the millisecond", () => {
    const date = new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 987));
    const back = roundTrip({ when: date }) as { when: Date };
    expect(back.when).toBeInstanceOf(Date);
    expect(back.when.getTime()).toBe(date.getTime());
  });

  it("keeps dates far from the epoch", () => {
    for (const time of [0, -1, -62198755200000, 8.64e15, -8.64e15]) {
      const back = roundTrip(new Date(time)) as Date;
      expect(back).toBeInstanceOf(Date);
      expect(back.getTime()).toBe(time);
    }
  });

  it("keeps an invalid date invalid", () => {
    const back = roundTrip({ bad: new Date("not a date") }) as { bad: Date };
    expect(back.bad).toBeInstanceOf(Date);
    expect(Number.isNaN(back.bad.getTime())).toBe(true);
  });

  it("keeps a Map with object, array, number and Date keys, in order", () => {
    const map = new Map<unknown, unknown>([
      [{ id: 1 }, "object key"],
      [[1, 2], "array key"],
      [3, { nested: new Map([["inner", 1]]) }],
      [new Date(1000), "date key"],
      ["3", "string key distinct from number 3"],
      [null, undefined],
    ]);
    const back = roundTrip(map) as Map<unknown, unknown>;
    expect(back).toBeInstanceOf(Map);
    expect(back).toStrictEqual(map);
    const keys = [...back.keys()];
    expect(keys[0]).toStrictEqual({ id: 1 });
    expect(keys[1]).toStrictEqual([1, 2]);
    expect(keys[2]).toBe(3);
    expect(keys[3]).toBeInstanceOf(Date);
    expect(keys[4]).toBe("3");
    expect(back.get(3)).toStrictEqual({ nested: new Map([["inner", 1]]) });
    expect(back.has(null)).toBe(true);
    expect(back.get(null)).toBeUndefined();
  });

  it("keeps a Set, including nested sets, in order", () => {
    const set = new Set<unknown>([3, "a", { b: 1 }, new Set([1, 2]), 1n, undefined]);
    const back = roundTrip(set) as Set<unknown>;
    expect(back).toBeInstanceOf(Set);
    expect(back).toStrictEqual(set);
    expect([...back][0]).toBe(3);
    expect([...back][3]).toBeInstanceOf(Set);
  });

  it("keeps bigints of any size and sign", () => {
    const value = { big: 2n ** 200n, neg: -(2n ** 70n) - 1n, zero: 0n, list: [1n, -1n] };
    expect(roundTrip(value)).toStrictEqual(value);
    expect(typeof (roundTrip(value) as { big: unknown }).big).toBe("bigint");
  });

  it("keeps undefined in arrays and objects, keys included", () => {
    const value = { a: undefined, b: [1, undefined, 3], c: { d: undefined } };
    const back = roundTrip(value) as typeof value;
    expect(back).toStrictEqual(value);
    expect(Object.keys(back)).toEqual(["a", "b", "c"]);
    expect("a" in back).toBe(true);
    expect(back.b).toHaveLength(3);
    expect(1 in back.b).toBe(true);
    expect("d" in back.c).toBe(true);
  });

  it("keeps NaN, Infinity, -Infinity and -0", () => {
    const back = roundTrip({
      nan: Number.NaN,
      inf: Infinity,
      ninf: -Infinity,
      nz: -0,
      z: 0,
      list: [-0, Number.NaN],
    }) as Record<string, unknown> & { list: unknown[] };
    expect(Number.isNaN(back.nan)).toBe(true);
    expect(back.inf).toBe(Infinity);
    expect(back.ninf).toBe(-Infinity);
    expect(Object.is(back.nz, -0)).toBe(true);
    expect(Object.is(back.z, 0)).toBe(true);
    expect(Object.is(back.list[0], -0)).toBe(true);
    expect(Number.isNaN(back.list[1])).toBe(true);
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    expect(Number.isNaN(roundTrip(Number.NaN))).toBe(true);
  });

  it("keeps nested typed arrays of every kind, values and types exact", () => {
    const back = roundTrip({ arrays: TYPED_ARRAY_SAMPLES }) as { arrays: Record<string, unknown> };
    for (const [name, sample] of Object.entries(TYPED_ARRAY_SAMPLES)) {
      expect(back.arrays[name], name).toBeDefined();
      expect((back.arrays[name] as object).constructor.name, name).toBe(name);
      expectSameTypedArray(back.arrays[name], sample);
    }
  });

  it("keeps a nested typed array view at an odd offset, and only the viewed elements", () => {
    const base = Float64Array.from({ length: 10 }, (_, i) => i + 0.5);
    const int16 = Int16Array.from({ length: 9 }, (_, i) => -i * 1000);
    const bytes = Uint8Array.from({ length: 9 }, (_, i) => i * 10);
    const value = {
      f64: base.subarray(3, 8),
      i16: int16.subarray(1, 6),
      u8: bytes.subarray(1, 4),
      big: BigInt64Array.of(1n, 2n, 3n, 4n).subarray(1, 3),
    };
    const back = roundTrip(value) as Record<string, ArrayBufferView>;
    expectSameTypedArray(back.f64, Float64Array.of(3.5, 4.5, 5.5, 6.5, 7.5));
    expectSameTypedArray(back.i16, Int16Array.of(-1000, -2000, -3000, -4000, -5000));
    expectSameTypedArray(back.u8, Uint8Array.of(10, 20, 30));
    expectSameTypedArray(back.big, BigInt64Array.of(2n, 3n));
    // A fresh buffer per array: nothing of the original's other elements comes along.
    expect(back.f64?.buffer.byteLength).toBe(5 * 8);
    expect(back.i16?.buffer.byteLength).toBe(5 * 2);
  });

  it("keeps a nested Uint8Array a Uint8Array and a nested Buffer a Buffer", () => {
    const value = {
      buf: Buffer.from("héllo\u0000bytes", "utf8"),
      u8: Uint8Array.of(1, 2, 3),
      deeper: [{ b: Buffer.alloc(0) }],
    };
    const back = roundTrip(value) as { buf: unknown; u8: unknown; deeper: [{ b: unknown }] };
    expect(Buffer.isBuffer(back.buf)).toBe(true);
    expect((back.buf as Buffer).equals(value.buf)).toBe(true);
    expect(Buffer.isBuffer(back.u8)).toBe(false);
    expectSameTypedArray(back.u8, value.u8);
    expect(Buffer.isBuffer(back.deeper[0].b)).toBe(true);
    expect((back.deeper[0].b as Buffer).byteLength).toBe(0);
  });

  it("keeps a user object that has a $koan key, without mistaking it for a tag", () => {
    const lookalikes = [
      { $koan: "Date", v: "2020-01-01T00:00:00.000Z" },
      { $koan: "undefined" },
      { $koan: "object", v: { a: 1 } },
      { $koan: "bigint", v: "12", extra: true },
      { $koan: 7 },
      { $koan: null, nested: { $koan: "Map", v: [] } },
      { $koan: { $koan: "Set", v: [1] } },
    ];
    for (const value of lookalikes) {
      expect(roundTrip(value), JSON.stringify(value)).toStrictEqual(value);
      expect(roundTrip({ wrapped: [value] })).toStrictEqual({ wrapped: [value] });
    }
  });

  it("keeps the contents of a null-prototype object", () => {
    const dict = Object.assign(Object.create(null) as Record<string, unknown>, {
      a: 1,
      b: new Date(5),
      c: [undefined],
    });
    const back = roundTrip({ dict }) as { dict: Record<string, unknown> };
    expect(Object.keys(back.dict)).toEqual(["a", "b", "c"]);
    expect(back.dict.a).toBe(1);
    expect(back.dict.b).toStrictEqual(new Date(5));
    expect(back.dict.c).toStrictEqual([undefined]);
  });

  it("keeps keys named like Object.prototype members, __proto__ included", () => {
    const dict = Object.create(null) as Record<string, unknown>;
    dict["__proto__"] = { polluted: true };
    dict["constructor"] = "c";
    dict["hasOwnProperty"] = 1;
    dict["toString"] = null;
    const fromJson = JSON.parse('{"__proto__": 3, "a": {"__proto__": {"x": 1}}}') as Record<string, unknown>;
    for (const value of [dict, fromJson]) {
      const back = roundTrip(value) as Record<string, unknown>;
      expect(Object.keys(back).sort()).toEqual(Object.keys(value).sort());
      expect(Object.hasOwn(back, "__proto__")).toBe(true);
      expect(back["__proto__"]).toStrictEqual(value["__proto__"]);
      // The loaded object's prototype is not replaced by stored data.
      expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
      expect((back as { polluted?: unknown }).polluted).toBeUndefined();
    }
    const nested = (roundTrip(fromJson) as { a: Record<string, unknown> }).a;
    expect(Object.hasOwn(nested, "__proto__")).toBe(true);
    expect(nested["__proto__"]).toStrictEqual({ x: 1 });
    expect((nested as { x?: unknown }).x).toBeUndefined();
  });

  it("keeps deeply nested values", () => {
    let deepObject: unknown = { leaf: new Set([new Map([[1n, new Date(0)]])]) };
    for (let i = 0; i < 400; i++) deepObject = i % 2 === 0 ? { level: i, child: deepObject } : [i, deepObject];
    expect(roundTrip(deepObject)).toStrictEqual(deepObject);
  });

  it("copies shared (non-cyclic) references instead of refusing them", () => {
    const shared = { x: 1, when: new Date(7) };
    const list = [1, 2];
    const value = { a: shared, b: shared, list: [shared, shared], pair: [list, list], m: new Map([[shared, shared]]) };
    const back = roundTrip(value) as typeof value;
    expect(back).toStrictEqual(value);
    expect(back.a).toStrictEqual(shared);
    expect(back.list[1]).toStrictEqual(shared);
  });

  it("refuses a value tagged by a newer Koan with a clear error", () => {
    expect(() => decodeKoanJson({ $koan: "Float16Array", v: "AAA=" })).toThrow(MaterializerError);
    expect(() => decodeKoanJson({ $koan: "Quaternion", v: [] })).toThrow(/newer Koan.*Upgrade @koan\/core/);
  });
});

describe("koan-json errors name the path", () => {
  class Model {
    weights = [1, 2];
  }

  it("a function", () => {
    const error = saveError({ a: { b: [1, () => 2] } });
    expect(error).toBeInstanceOf(MaterializerError);
    expect((error as KoanError).code).toBe("MATERIALIZER");
    expect(error.message).toContain("value.a.b[1]");
    expect(error.message).toMatch(/a function/);
    expect(error.message).toMatch(/registerMaterializer/);
  });

  it("a symbol", () => {
    const error = saveError([{ ok: 1 }, { sym: Symbol("s") }]);
    expect(error).toBeInstanceOf(MaterializerError);
    expect(error.message).toContain("value[1].sym");
    expect(error.message).toMatch(/a symbol/);
  });

  it("a class instance, by its class name", () => {
    const error = saveError({ trained: { model: new Model() } });
    expect(error).toBeInstanceOf(MaterializerError);
    expect(error.message).toContain("value.trained.model");
    expect(error.message).toContain("an instance of Model");
  });

  it("other built-in objects it cannot store", () => {
    expect(saveError({ re: /x/ }).message).toContain("value.re: it is an instance of RegExp");
    expect(saveError({ dv: new DataView(new ArrayBuffer(2)) }).message).toContain("an instance of DataView");
    expect(saveError({ p: Promise.resolve(1) }).message).toContain("an instance of Promise");
  });

  it("inside Map keys, Map values and Set items", () => {
    expect(
      saveError(
        new Map<string, unknown>([
          ["ok", 1],
          ["bad", () => 0],
        ])
      ).message
    ).toContain("value<value 1>");
    expect(saveError(new Map([[new Model(), 1]])).message).toContain("value<key 0>");
    expect(saveError({ s: new Set([1, 2, Symbol.iterator]) }).message).toContain("value.s<item 2>");
  });

  it("a cycle through an object", () => {
    const node: { name: string; self?: unknown } = { name: "n" };
    node.self = node;
    const error = saveError({ root: node });
    expect(error).toBeInstanceOf(MaterializerError);
    expect(error.message).toContain("value.root.self");
    expect(error.message).toMatch(/cycle/);
  });

  it("a cycle through an array, a Map and a Set", () => {
    const list: unknown[] = [1];
    list.push(list);
    expect(saveError(list).message).toContain("value[1]");
    const map = new Map<string, unknown>();
    map.set("me", map);
    expect(saveError(map).message).toMatch(/value<value 0>.*cycle/);
    const set = new Set<unknown>();
    set.add({ back: set });
    expect(saveError(set).message).toMatch(/value<item 0>\.back.*cycle/);
  });
});

describe("isKoanJsonCandidate", () => {
  it("accepts what the JSON materializer takes at top level and refuses the rest", () => {
    for (const value of [
      "s",
      1,
      true,
      1n,
      undefined,
      null,
      [],
      {},
      Object.create(null),
      new Date(),
      new Map(),
      new Set(),
    ]) {
      expect(isKoanJsonCandidate(value)).toBe(true);
    }
    for (const value of [() => 1, Symbol("x"), new (class Thing {})(), /re/, Buffer.from("x"), new Float64Array(1)]) {
      expect(isKoanJsonCandidate(value)).toBe(false);
    }
  });
});

describe("materializers.choose", () => {
  const cases: [string, unknown, string][] = [
    ["Buffer", Buffer.from("x"), "koan.bytes"],
    ["Uint8Array", new Uint8Array(2), "koan.bytes"],
    ["Uint8Array subarray", new Uint8Array(8).subarray(3), "koan.bytes"],
    ["Uint8ClampedArray", new Uint8ClampedArray(2), "koan.typed-array"],
    ["Float64Array", new Float64Array(2), "koan.typed-array"],
    ["Float32Array", new Float32Array(2), "koan.typed-array"],
    ["Int32Array", new Int32Array(2), "koan.typed-array"],
    ["BigInt64Array", new BigInt64Array(2), "koan.typed-array"],
    ["BigUint64Array", new BigUint64Array(2), "koan.typed-array"],
    ["string", "text", "koan.string"],
    ["empty string", "", "koan.string"],
    ["number", 3, "koan.json"],
    ["NaN", Number.NaN, "koan.json"],
    ["boolean", false, "koan.json"],
    ["bigint", 3n, "koan.json"],
    ["null", null, "koan.json"],
    ["undefined", undefined, "koan.json"],
    ["array", [1, "a"], "koan.json"],
    ["array of typed arrays", [new Float64Array(1)], "koan.json"],
    ["plain object", { a: 1 }, "koan.json"],
    ["null-prototype object", Object.create(null), "koan.json"],
    ["Date", new Date(), "koan.json"],
    ["Map", new Map(), "koan.json"],
    ["Set", new Set(), "koan.json"],
  ];
  for (const [label, value, id] of cases) {
    it(`${label} -> ${id}`, () => {
      expect(materializers.choose(value, "output").id).toBe(id);
    });
  }

  it("refuses a value no materializer takes, naming where it came from and its type", () => {
    class Tokenizer {}
    const error = (() => {
      try {
        materializers.choose(new Tokenizer(), 'output "tok" of step "prep"');
      } catch (e) {
        return e as Error;
      }
      throw new Error("choose did not throw");
    })();
    expect(error).toBeInstanceOf(MaterializerError);
    expect(error.message).toContain('output "tok" of step "prep"');
    expect(error.message).toContain("Tokenizer");
    expect(() => materializers.choose(() => 1, "output")).toThrow(MaterializerError);
    expect(() => materializers.choose(Symbol("s"), "output")).toThrow(MaterializerError);
    expect(() => materializers.choose(new DataView(new ArrayBuffer(1)), "output")).toThrow(/DataView/);
  });

  it("gets each built-in by id", () => {
    expect(materializers.get("koan.bytes")).toBe(bytesMaterializer);
    expect(materializers.get("koan.typed-array")).toBe(typedArrayMaterializer);
    expect(materializers.get("koan.string")).toBe(stringMaterializer);
    expect(materializers.get("koan.json")).toBe(jsonMaterializer);
  });

  it("an unknown id gives an error that says what to do", () => {
    expect(() => materializers.get("acme.unheard-of")).toThrow(MaterializerError);
    expect(() => materializers.get("acme.unheard-of")).toThrow(
      /"acme\.unheard-of".*not registered.*registerMaterializer/s
    );
  });
});

describe("through a real LocalArtifactStore", () => {
  let root: string;
  let store: LocalArtifactStore;
  let counter = 0;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "koan-materializers-"));
    store = new LocalArtifactStore(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function save(
    value: unknown,
    materializer?: Materializer,
    extraMetadata: JsonObject = {},
    hashing?: Blake3
  ): Promise<NewArtifact> {
    const chosen = materializer ?? materializers.choose(value, "output");
    return saveArtifact({
      store,
      key: `artifacts/pipe/step-${++counter}/out/${counter}`,
      value,
      materializer: chosen,
      outputName: "out",
      extraMetadata,
      ...(hashing ? { blake3: hashing } : {}),
    });
  }

  /** Loads as the engine does: by the stored id, with metadata that went through JSON (the metadata store). */
  async function load(artifact: NewArtifact): Promise<unknown> {
    const metadata = JSON.parse(JSON.stringify(artifact.metadata)) as JsonObject;
    return materializers.get(artifact.materializer).load(artifactReader(store, artifact.key, metadata));
  }

  async function saveAndLoad(
    value: unknown,
    materializer?: Materializer
  ): Promise<{ artifact: NewArtifact; back: unknown }> {
    const artifact = await save(value, materializer);
    return { artifact, back: await load(artifact) };
  }

  async function storedSize(artifact: NewArtifact): Promise<number> {
    let total = 0;
    for await (const key of store.list(`${artifact.key}/`)) total += (await store.stat(key)).size;
    return total;
  }

  describe("the artifact record", () => {
    it("names the key, URI, store, materializer, type, size and hash", async () => {
      const artifact = await save({ a: [1, 2, 3] }, undefined, { source: "test" });
      expect(artifact.key).toMatch(/^artifacts\/pipe\/step-\d+\/out\/\d+$/);
      expect(artifact.uri).toBe(store.uriFor(artifact.key));
      expect(fileURLToPath(artifact.uri)).toBe(join(root, artifact.key));
      expect(artifact.storeIdentity).toBe(store.identity);
      expect(artifact.materializer).toBe("koan.json");
      expect(artifact.dataType).toBe("Object");
      expect(artifact.outputName).toBe("out");
      expect(artifact.contentHash).toMatch(/^blake3:[0-9a-f]{64}$/);
      expect(artifact.size).toBe(await storedSize(artifact));
      expect(artifact.metadata).toEqual({ type: "Object", keys: ["a"], source: "test" });
      const keys: string[] = [];
      for await (const key of store.list(`${artifact.key}/`)) keys.push(key);
      expect(keys).toEqual([`${artifact.key}/data.json`]);
    });

    it("extra metadata is merged over the materializer's facts", async () => {
      const artifact = await save([1, 2], undefined, { length: 99, note: "x" });
      expect(artifact.metadata).toEqual({ type: "Array", length: 99, note: "x" });
    });

    it("refuses a file name that could leave the artifact's folder", async () => {
      const sneaky: Materializer<string> = {
        id: "test.sneaky",
        canHandle: (v): v is string => typeof v === "string",
        dataType: () => "string",
        async save(value, writer) {
          await writer.write("../escape.txt", Buffer.from(value));
          return {};
        },
        load: async () => "",
      };
      // Refused by the writer's name check or by the store's key check; either way nothing is written.
      await expect(save("x", sneaky as Materializer)).rejects.toThrow(/escape\.txt/);
      const everything: string[] = [];
      for await (const key of store.list("")) everything.push(key);
      expect(everything).toEqual([]);
      expect(await readdir(join(root, ".."))).not.toContain("escape.txt");
      const absolute: Materializer<string> = {
        ...sneaky,
        id: "test.absolute",
        async save(value, writer) {
          await writer.write("/abs.txt", Buffer.from(value));
          return {};
        },
      };
      await expect(save("x", absolute as Materializer)).rejects.toThrow(/invalid file name "\/abs\.txt"/);
    });
  });

  describe("bytes", () => {
    it("a Buffer stays a Buffer", async () => {
      const value = Buffer.from("raw \u0000 bytes ✓", "utf8");
      const { artifact, back } = await saveAndLoad(value);
      expect(artifact.materializer).toBe("koan.bytes");
      expect(artifact.dataType).toBe("Buffer");
      expect(Buffer.isBuffer(back)).toBe(true);
      expect((back as Buffer).equals(value)).toBe(true);
      expect(artifact.size).toBe(value.byteLength);
      expect(artifact.metadata).toEqual({ kind: "Buffer", length: value.byteLength });
    });

    it("a Uint8Array stays a plain Uint8Array", async () => {
      const value = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
      const { artifact, back } = await saveAndLoad(value);
      expect(artifact.materializer).toBe("koan.bytes");
      expect(artifact.dataType).toBe("Uint8Array");
      expect(Buffer.isBuffer(back)).toBe(false);
      expect(Object.getPrototypeOf(back)).toBe(Uint8Array.prototype);
      expect(back).toStrictEqual(value);
      expect(artifact.metadata).toEqual({ kind: "Uint8Array", length: 300 });
      // Its own buffer, so `new Float32Array(u8.buffer)` and friends see only these bytes.
      expect((back as Uint8Array).byteOffset).toBe(0);
      expect((back as Uint8Array).buffer.byteLength).toBe(300);
    });

    it("a Uint8Array view at an odd offset stores only its own bytes", async () => {
      const whole = Uint8Array.from({ length: 64 }, (_, i) => i);
      const view = whole.subarray(13, 20);
      const { artifact, back } = await saveAndLoad(view);
      expect(artifact.size).toBe(7);
      expect(Array.from(back as Uint8Array)).toEqual([13, 14, 15, 16, 17, 18, 19]);
      const onDisk = await readFile(join(root, artifact.key, "data.bin"));
      expect(Array.from(onDisk)).toEqual([13, 14, 15, 16, 17, 18, 19]);
    });

    it("a Buffer slice of a larger buffer stores only its own bytes", async () => {
      const whole = Buffer.from("0123456789abcdef");
      const slice = whole.subarray(5, 9);
      const { back } = await saveAndLoad(slice);
      expect(Buffer.isBuffer(back)).toBe(true);
      expect((back as Buffer).toString()).toBe("5678");
    });

    it("empty bytes", async () => {
      const { back } = await saveAndLoad(new Uint8Array(0));
      expect(back).toStrictEqual(new Uint8Array(0));
    });

    it("a multi-MB buffer", async () => {
      const value = Buffer.alloc(3 * 1024 * 1024 + 3);
      for (let i = 0; i < value.length; i++) value[i] = (i * 31 + 7) & 0xff;
      const { artifact, back } = await saveAndLoad(value);
      expect(artifact.size).toBe(value.length);
      expect((back as Buffer).equals(value)).toBe(true);
    });
  });

  describe("typed arrays", () => {
    for (const [name, sample] of Object.entries(TYPED_ARRAY_SAMPLES)) {
      if (name === "Uint8Array") continue; // plain bytes go to koan.bytes, tested above
      it(`${name} round-trips with its type and exact values`, async () => {
        const { artifact, back } = await saveAndLoad(sample);
        expect(artifact.materializer).toBe("koan.typed-array");
        expect(artifact.dataType).toBe(name);
        expect(artifact.size).toBe(sample.byteLength);
        expect(artifact.metadata.dtype).toBe(name);
        expect(artifact.metadata.length).toBe(sample.length);
        expectSameTypedArray(back, sample);
      });
    }

    const views: [string, ArrayBufferView & ArrayLike<number | bigint>, ArrayLike<number | bigint>][] = [
      ["Float64Array", Float64Array.from({ length: 11 }, (_, i) => i / 4).subarray(3, 8), [0.75, 1, 1.25, 1.5, 1.75]],
      ["Float32Array", Float32Array.from({ length: 9 }, (_, i) => -i).subarray(1, 4), [-1, -2, -3]],
      ["Int16Array", Int16Array.from({ length: 7 }, (_, i) => i * 100).subarray(5), [500, 600]],
      ["Uint8ClampedArray", Uint8ClampedArray.from({ length: 7 }, (_, i) => i).subarray(3, 6), [3, 4, 5]],
      [
        "Uint32Array",
        Uint32Array.from({ length: 5 }, (_, i) => 2 ** 31 + i).subarray(1, 4),
        [2 ** 31 + 1, 2 ** 31 + 2, 2 ** 31 + 3],
      ],
      ["BigInt64Array", BigInt64Array.of(-5n, -6n, -7n, -8n).subarray(1, 3), [-6n, -7n]],
    ];
    for (const [name, view, expected] of views) {
      it(`a ${name} subarray view at an odd element offset stores only the view`, async () => {
        expect(view.byteOffset).toBeGreaterThan(0);
        const { artifact, back } = await saveAndLoad(view);
        expect(artifact.size).toBe(view.byteLength);
        expect(Object.getPrototypeOf(back)).toBe(Object.getPrototypeOf(view));
        expect(Array.from(back as ArrayLike<number | bigint>)).toEqual(Array.from(expected));
      });
    }

    it("a large Float64Array keeps every value", async () => {
      const value = Float64Array.from({ length: 500_000 }, (_, i) => Math.sin(i) * 1e6);
      const { artifact, back } = await saveAndLoad(value);
      expect(artifact.size).toBe(value.byteLength);
      expect(back).toBeInstanceOf(Float64Array);
      // Compare bytes: a deep equality over 500,000 elements takes seconds on a busy machine.
      const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      expect(bytes(back as Float64Array).equals(bytes(value))).toBe(true);
    });

    it("an empty typed array", async () => {
      const { artifact, back } = await saveAndLoad(new Float32Array(0));
      expect(back).toStrictEqual(new Float32Array(0));
      expect(artifact.metadata).toEqual({ dtype: "Float32Array", length: 0 });
    });

    it("refuses to load when the dtype in the metadata is unknown", async () => {
      const artifact = await save(Float64Array.of(1, 2));
      const reader = artifactReader(store, artifact.key, { ...artifact.metadata, dtype: "Float128Array" });
      await expect(typedArrayMaterializer.load(reader)).rejects.toThrow(/unknown dtype "Float128Array"/);
    });
  });

  describe("strings", () => {
    const strings: [string, string][] = [
      ["empty", ""],
      ["ascii", "hello world"],
      ["accents and CJK", "héllo wörld, 你好, こんにちは, 안녕하세요"],
      ["emoji and combining marks", "👋🏽 family: 👨‍👩‍👧 e\u0301 flag 🇯🇵"],
      ["control characters and NUL", "line1\nline2\r\n\ttab\u0000nul\u001b[0m"],
      ["right-to-left", "مرحبا بالعالم עברית"],
      ["long", "ab€".repeat(200_000)],
    ];
    for (const [label, value] of strings) {
      it(`${label}`, async () => {
        const { artifact, back } = await saveAndLoad(value);
        expect(artifact.materializer).toBe("koan.string");
        expect(artifact.dataType).toBe("string");
        expect(back).toBe(value);
        expect(artifact.size).toBe(Buffer.byteLength(value, "utf8"));
        expect(artifact.metadata).toEqual({ length: value.length });
      });
    }
  });

  describe("json", () => {
    const values: [string, unknown][] = [
      ["a record", { name: "run", n: 3, ok: true, none: null }],
      [
        "an array of rows",
        [
          { a: 1, b: "x" },
          { a: 2, b: "y" },
        ],
      ],
      ["a number", 42],
      ["NaN", Number.NaN],
      ["-0", -0],
      ["Infinity", Infinity],
      ["a boolean", false],
      ["null", null],
      ["undefined", undefined],
      ["a bigint", -(2n ** 100n)],
      ["a Date", new Date(Date.UTC(2020, 0, 1))],
      ["an invalid Date", new Date(Number.NaN)],
      [
        "a Map with object keys",
        new Map<unknown, unknown>([
          [{ k: 1 }, new Set([1])],
          ["s", [undefined]],
        ]),
      ],
      ["a Set", new Set([1, "1", 1n])],
      [
        "everything at once",
        {
          when: new Date(123),
          tags: new Set(["a"]),
          lookup: new Map([[1, { deep: [Float32Array.of(1.5, -0)] }]]),
          big: 9007199254740993n,
          raw: Buffer.from([1, 2, 3]),
          bytes: Uint8Array.of(9),
          weird: [Number.NaN, -0, Infinity, undefined],
          $koan: "user data",
        },
      ],
    ];
    for (const [label, value] of values) {
      it(`${label}`, async () => {
        const { artifact, back } = await saveAndLoad(value);
        expect(artifact.materializer).toBe("koan.json");
        expect(back).toStrictEqual(value);
        if (typeof value === "number") expect(Object.is(back, value)).toBe(true);
      });
    }

    it("a non-JSON value nested in a JSON value fails to save, naming its path", async () => {
      const error = await save({ rows: [{ fit: () => 1 }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MaterializerError);
      expect((error as Error).message).toContain("value.rows[0].fit");
    });
  });

  describe("content hash", () => {
    const makers: [string, () => unknown][] = [
      ["json record", () => ({ a: 1, b: [1, 2, { c: new Date(5) }], m: new Map([[1, 2]]) })],
      ["string", () => "some text ✓"],
      ["bytes", () => Buffer.from("bytes")],
      ["typed array", () => Float64Array.of(1, 2, 3)],
    ];
    for (const [label, make] of makers) {
      it(`is the same for equal ${label} values saved under different keys`, async () => {
        const first = await save(make());
        const second = await save(make());
        expect(first.key).not.toBe(second.key);
        expect(second.contentHash).toBe(first.contentHash);
      });
    }

    it("of a buffer larger than several hash slices and write chunks is the digest-framed BLAKE3 of its bytes", async () => {
      // 37 MiB + 3 bytes: more than one 16 MiB write chunk and many 4 MiB hash slices, with a ragged end.
      const value = Buffer.alloc(37 * 1024 * 1024 + 3);
      for (let i = 0; i < value.length; i += 4093) value[i] = i % 251;
      value[value.length - 1] = 7;
      const artifact = await save(value);
      // The expected digest from an independent implementation (hash-wasm's, used directly), in one call.
      const fileDigest = await independentBlake3(value);
      expect(artifact.contentHash).toBe(`blake3:${await independentBlake3(Buffer.from(`data.bin\0${fileDigest}\n`))}`);
      expect(artifact.size).toBe(value.length);
      const back = (await load(artifact)) as Buffer;
      expect(Buffer.isBuffer(back)).toBe(true);
      expect(back.equals(value)).toBe(true);
    });

    it("is the same with the WebAssembly implementation as with the native one", async () => {
      const native = await loadBlake3();
      const wasm = await loadBlake3({
        ...defaultBlake3Loaders,
        native: () => {
          throw new Error("no binary for this platform");
        },
      });
      expect([native.implementation, wasm.implementation]).toEqual(["native", "wasm"]);
      const values: unknown[] = [{ a: [1, 2, 3] }, "text ✓", Float32Array.of(1, 2, 3), Buffer.alloc(9 * 1024 * 1024 + 1, 0x5a)];
      for (const value of values) {
        const byNative = await save(value, undefined, {}, native);
        const byWasm = await save(value, undefined, {}, wasm);
        expect(byWasm.contentHash, String(byNative.dataType)).toBe(byNative.contentHash);
      }
    });

    it("differs for different values", async () => {
      const values: unknown[] = [
        { a: 1 },
        { a: 2 },
        { a: "1" },
        { a: 1n },
        { b: 1 },
        [1],
        "text",
        "text ",
        Buffer.from("text"),
        Uint8Array.of(1, 2, 3),
        Uint8Array.of(1, 2, 4),
        Float64Array.of(1, 2, 3),
        Float32Array.of(1, 2, 3),
        Float64Array.of(0),
        Float64Array.of(-0),
        new Date(1),
        new Date(2),
        null,
        undefined,
      ];
      const hashes = new Map<string, unknown>();
      for (const value of values) {
        const { contentHash } = await save(value);
        expect(hashes.has(contentHash), `${String(contentHash)} repeated`).toBe(false);
        hashes.set(contentHash, value);
      }
      expect(hashes.size).toBe(values.length);
    });

    it("covers file names as well as bytes", async () => {
      const writesTo = (file: string): Materializer<string> => ({
        id: `test.writes-${file}`,
        canHandle: (v): v is string => typeof v === "string",
        dataType: () => "string",
        async save(value, writer) {
          await writer.write(file, Buffer.from(value));
          return {};
        },
        load: async () => "",
      });
      const a = await save("same bytes", writesTo("a.txt") as Materializer);
      const b = await save("same bytes", writesTo("b.txt") as Materializer);
      expect(a.contentHash).not.toBe(b.contentHash);
    });

    it("is the same whether a file is written whole or streamed in chunks", async () => {
      const whole: Materializer<string> = {
        id: "test.whole",
        canHandle: (v): v is string => typeof v === "string",
        dataType: () => "string",
        async save(value, writer) {
          await writer.write("data.txt", Buffer.from(value));
          return {};
        },
        load: async () => "",
      };
      const streamed: Materializer<string> = {
        ...whole,
        id: "test.streamed",
        async save(value, writer) {
          const bytes = Buffer.from(value);
          await writer.write(
            "data.txt",
            (async function* () {
              for (let i = 0; i < bytes.length; i += 5) yield bytes.subarray(i, i + 5);
            })()
          );
          return {};
        },
      };
      const text = "a streamed body of several chunks, some short";
      const a = await save(text, whole as Materializer);
      const b = await save(text, streamed as Materializer);
      expect(b.contentHash).toBe(a.contentHash);
      expect(b.size).toBe(a.size);
      expect(b.size).toBe(Buffer.byteLength(text));
      expect(Buffer.from(await store.get(`${b.key}/data.txt`)).toString()).toBe(text);
    });
  });

  describe("custom materializers", () => {
    class Point {
      constructor(readonly x: number, readonly y: number) {}
    }

    const pointMaterializer: Materializer<Point> = {
      id: "test.point",
      canHandle: (value): value is Point => value instanceof Point,
      dataType: () => "Point",
      async save(value, writer) {
        await writer.write("point.json", Buffer.from(JSON.stringify([value.x, value.y])));
        await writer.write("note.txt", Buffer.from("two files"));
        return { dims: 2 };
      },
      async load(reader) {
        const [x, y] = JSON.parse(Buffer.from(await reader.read("point.json")).toString()) as [number, number];
        return new Point(x, y);
      },
    };

    it("is chosen before the built-ins and loads back by id", async () => {
      expect(() => materializers.choose(new Point(1, 2), "output")).toThrow(MaterializerError);
      registerMaterializer(pointMaterializer);
      expect(materializers.choose(new Point(1, 2), "output")).toBe(pointMaterializer);
      expect(materializers.get("test.point")).toBe(pointMaterializer);
      const { artifact, back } = await saveAndLoad(new Point(3, -4));
      expect(artifact.materializer).toBe("test.point");
      expect(artifact.dataType).toBe("Point");
      expect(artifact.metadata).toEqual({ dims: 2 });
      expect(back).toBeInstanceOf(Point);
      expect(back).toEqual(new Point(3, -4));
      const files: string[] = [];
      for await (const key of store.list(`${artifact.key}/`)) files.push(key.slice(artifact.key.length + 1));
      expect(files.sort()).toEqual(["note.txt", "point.json"]);
    });

    it("wins over a built-in for values both accept", async () => {
      const shouting: Materializer<string> = {
        id: "test.shouting",
        canHandle: (value): value is string => typeof value === "string" && value.startsWith("!"),
        dataType: () => "shout",
        async save(value, writer) {
          await writer.write("shout.txt", Buffer.from(value.toUpperCase()));
          return {};
        },
        async load(reader) {
          return Buffer.from(await reader.read("shout.txt")).toString();
        },
      };
      registerMaterializer(shouting);
      expect(materializers.choose("!hey", "output")).toBe(shouting);
      expect(materializers.choose("calm", "output").id).toBe("koan.string");
      const { back } = await saveAndLoad("!hey");
      expect(back).toBe("!HEY");
    });

    it("the most recently registered one is tried first", () => {
      class Tensor {}
      const older: Materializer<Tensor> = {
        id: "test.tensor-v1",
        canHandle: (v): v is Tensor => v instanceof Tensor,
        dataType: () => "Tensor",
        save: async () => ({}),
        load: async () => new Tensor(),
      };
      const newer: Materializer<Tensor> = { ...older, id: "test.tensor-v2" };
      registerMaterializer(older);
      registerMaterializer(newer);
      expect(materializers.choose(new Tensor(), "output").id).toBe("test.tensor-v2");
      expect(materializers.get("test.tensor-v1")).toBe(older);
    });

    it("registering the same materializer twice is fine", () => {
      registerMaterializer(pointMaterializer);
      expect(() => registerMaterializer(pointMaterializer)).not.toThrow();
      expect(materializers.get("test.point")).toBe(pointMaterializer);
    });

    it("refuses a different materializer with a taken id, built-in ids included", () => {
      registerMaterializer(pointMaterializer);
      const impostor: Materializer<Point> = { ...pointMaterializer };
      const error = (() => {
        try {
          registerMaterializer(impostor);
        } catch (e) {
          return e as KoanError;
        }
        throw new Error("registerMaterializer did not throw");
      })();
      expect(error).toBeInstanceOf(KoanError);
      expect(error.code).toBe("MATERIALIZER_EXISTS");
      expect(error.message).toContain('"test.point"');
      expect(materializers.get("test.point")).toBe(pointMaterializer);
      expect(() => registerMaterializer({ ...jsonMaterializer })).toThrow(/"koan\.json" is already registered/);
      expect(materializers.get("koan.json")).toBe(jsonMaterializer);
      // A refused materializer is not chosen either.
      class Other {}
      expect(() =>
        registerMaterializer({ ...stringMaterializer, canHandle: (v: unknown): v is string => v instanceof Other })
      ).toThrow(KoanError);
      expect(() => materializers.choose(new Other(), "output")).toThrow(MaterializerError);
    });
  });
});

describe("metadata facts", () => {
  /** Facts as the engine sees them; they must survive JSON to reach the metadata store. */
  async function facts(materializer: Materializer, value: unknown): Promise<JsonObject> {
    const files = new Map<string, number>();
    const result = await materializer.save(value, {
      async write(file, body) {
        let size = 0;
        if (body instanceof Uint8Array) size = body.byteLength;
        else for await (const chunk of body) size += chunk.byteLength;
        files.set(file, size);
      },
    });
    expect(JSON.parse(JSON.stringify(result))).toStrictEqual(result);
    return result;
  }

  it("typed arrays: dtype, length, min, max and mean", async () => {
    expect(await facts(typedArrayMaterializer as Materializer, Int32Array.of(3, -1, 4, 2))).toEqual({
      dtype: "Int32Array",
      length: 4,
      min: -1,
      max: 4,
      mean: 2,
    });
    expect(await facts(typedArrayMaterializer as Materializer, Float64Array.of(0.5))).toEqual({
      dtype: "Float64Array",
      length: 1,
      min: 0.5,
      max: 0.5,
      mean: 0.5,
    });
  });

  it("bigint typed arrays: dtype and length only", async () => {
    expect(await facts(typedArrayMaterializer as Materializer, BigInt64Array.of(1n, 2n))).toEqual({
      dtype: "BigInt64Array",
      length: 2,
    });
    expect(await facts(typedArrayMaterializer as Materializer, BigUint64Array.of(1n))).toEqual({
      dtype: "BigUint64Array",
      length: 1,
    });
  });

  it("an empty typed array has no min, max or mean", async () => {
    expect(await facts(typedArrayMaterializer as Materializer, new Float64Array(0))).toEqual({
      dtype: "Float64Array",
      length: 0,
    });
  });

  it("typed array facts stay plain JSON when the values hold NaN or infinities", async () => {
    const withNaN = await facts(typedArrayMaterializer as Materializer, Float64Array.of(1, Number.NaN, 3));
    expect(withNaN).toMatchObject({ dtype: "Float64Array", length: 3 });
    const withInfinity = await facts(typedArrayMaterializer as Materializer, Float32Array.of(-Infinity, 0, Infinity));
    expect(withInfinity).toMatchObject({ dtype: "Float32Array", length: 3 });
  });

  it("strings: length", async () => {
    expect(await facts(stringMaterializer as Materializer, "héllo")).toEqual({ length: 5 });
  });

  it("bytes: kind and length", async () => {
    expect(await facts(bytesMaterializer as Materializer, Buffer.from("abc"))).toEqual({ kind: "Buffer", length: 3 });
    expect(await facts(bytesMaterializer as Materializer, new Uint8Array(10).subarray(2))).toEqual({
      kind: "Uint8Array",
      length: 8,
    });
  });

  it("json: the type, and length, size or keys", async () => {
    expect(await facts(jsonMaterializer, [1, 2, 3])).toEqual({ type: "Array", length: 3 });
    expect(await facts(jsonMaterializer, new Map([[1, 2]]))).toEqual({ type: "Map", size: 1 });
    expect(await facts(jsonMaterializer, new Set([1, 2]))).toEqual({ type: "Set", size: 2 });
    expect(await facts(jsonMaterializer, { b: 1, a: 2 })).toEqual({ type: "Object", keys: ["b", "a"] });
    expect(await facts(jsonMaterializer, new Date(0))).toEqual({ type: "Date" });
    expect(await facts(jsonMaterializer, 5)).toEqual({ type: "number" });
    expect(await facts(jsonMaterializer, null)).toEqual({ type: "null" });
    expect(await facts(jsonMaterializer, 1n)).toEqual({ type: "bigint" });
  });

  it("json: at most 50 keys are listed", async () => {
    const wide = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, i]));
    const result = await facts(jsonMaterializer, wide);
    expect(result.keys).toHaveLength(50);
    expect((result.keys as string[])[0]).toBe("k0");
    expect((result.keys as string[])[49]).toBe("k49");
  });

  it("data types for people", () => {
    expect(jsonMaterializer.dataType([1])).toBe("Array");
    expect(jsonMaterializer.dataType(new Map())).toBe("Map");
    expect(jsonMaterializer.dataType({})).toBe("Object");
    expect(jsonMaterializer.dataType(undefined)).toBe("undefined");
    expect(typedArrayMaterializer.dataType(new Uint16Array(1))).toBe("Uint16Array");
    expect(bytesMaterializer.dataType(Buffer.alloc(1))).toBe("Buffer");
    expect(bytesMaterializer.dataType(new Uint8Array(1))).toBe("Uint8Array");
  });
});

describe("visualizations", () => {
  function byName(visualizations: Visualization[]): Record<string, Visualization> {
    const names = visualizations.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    return Object.fromEntries(visualizations.map((v) => [v.name, v]));
  }

  it("an array of records becomes a CSV table and a markdown preview", () => {
    const rows = [
      { name: "alice", score: 0.9, passed: true },
      { name: "bob, jr.", score: 0.4, passed: false },
      { name: 'say "hi"', score: null, passed: true },
    ];
    const out = byName(jsonMaterializer.visualize?.(rows, {}) ?? []);
    expect(out.table?.type).toBe("csv");
    expect(out.table?.content).toBe(
      ["name,score,passed", "alice,0.9,true", '"bob, jr.",0.4,false', '"say ""hi""",,true'].join("\n")
    );
    expect(out.preview?.type).toBe("markdown");
    expect(out.preview?.content).toBe(
      [
        "| name | score | passed |",
        "| --- | --- | --- |",
        "| alice | 0.9 | true |",
        "| bob, jr. | 0.4 | false |",
        '| say "hi" |  | true |',
      ].join("\n")
    );
    expect(out.value?.type).toBe("json");
    expect(JSON.parse(out.value?.content as string)).toEqual(rows);
  });

  it("rows with different keys share one set of columns", () => {
    const out = byName(jsonMaterializer.visualize?.([{ a: 1 }, { b: 2 }, { a: 3, c: "x|y" }], {}) ?? []);
    expect(out.table?.content).toBe(["a,b,c", "1,,", ",2,", "3,,x|y"].join("\n"));
    expect(out.preview?.content).toContain("| 3 |  | x\\|y |");
  });

  it("a CSV cell with a line break is quoted", () => {
    const out = byName(jsonMaterializer.visualize?.([{ note: "line one\nline two" }], {}) ?? []);
    expect(out.table?.content).toBe('note\n"line one\nline two"');
  });

  it("the markdown preview shows 20 rows and says how many more there are", () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ i }));
    const out = byName(jsonMaterializer.visualize?.(rows, {}) ?? []);
    const preview = out.preview?.content as string;
    expect(preview).toContain("| 19 |");
    expect(preview).not.toContain("| 20 |");
    expect(preview.endsWith("5 more rows")).toBe(true);
    expect((out.table?.content as string).split("\n")).toHaveLength(26);
  });

  it("values that are not flat records get only the JSON view", () => {
    for (const value of [[{ nested: { a: 1 } }], [1, 2], [], { a: 1 }, [{ a: 1 }, 2], [{ when: new Date(0) }]]) {
      const out = jsonMaterializer.visualize?.(value, {}) ?? [];
      expect(
        out.map((v) => v.type),
        JSON.stringify(encodeKoanJson(value))
      ).toEqual(["json"]);
    }
  });

  it("the JSON view shows koan-json, so special values are visible", () => {
    const out = byName(jsonMaterializer.visualize?.({ n: Number.NaN, d: new Date(0) }, {}) ?? []);
    expect(JSON.parse(out.value?.content as string)).toEqual({
      n: { $koan: "number", v: "NaN" },
      d: { $koan: "Date", v: "1970-01-01T00:00:00.000Z" },
    });
  });

  it("PNG bytes become an image", () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]);
    const out = bytesMaterializer.visualize?.(png, {}) ?? [];
    expect(out).toHaveLength(1);
    expect(out[0]?.type).toBe("image");
    expect(out[0]?.mimeType).toBe("image/png");
    expect(Buffer.from(out[0]?.content as Uint8Array).equals(png)).toBe(true);
    const asPlainBytes = bytesMaterializer.visualize?.(new Uint8Array(png), {}) ?? [];
    expect(asPlainBytes[0]?.mimeType).toBe("image/png");
  });

  it("JPEG bytes become an image; other bytes do not", () => {
    const jpeg = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10);
    expect((bytesMaterializer.visualize?.(jpeg, {}) ?? [])[0]?.mimeType).toBe("image/jpeg");
    expect(bytesMaterializer.visualize?.(Buffer.from("plain text"), {})).toEqual([]);
    expect(bytesMaterializer.visualize?.(Uint8Array.of(0x89, 0x50), {})).toEqual([]);
    expect(bytesMaterializer.visualize?.(new Uint8Array(0), {})).toEqual([]);
  });

  it("a string shows as markdown text", () => {
    expect(stringMaterializer.visualize?.("# Title", {})).toEqual([
      { type: "markdown", name: "text", content: "# Title" },
    ]);
  });

  it("a typed array shows its summary and its first 1000 values", () => {
    const value = Float64Array.from({ length: 1500 }, (_, i) => i / 2);
    const metadata = { dtype: "Float64Array", length: 1500 };
    const out = byName(typedArrayMaterializer.visualize?.(value, metadata) ?? []);
    expect(JSON.parse(out.summary?.content as string)).toEqual(metadata);
    const lines = (out.values?.content as string).split("\n");
    expect(lines[0]).toBe("value");
    expect(lines).toHaveLength(1001);
    expect(lines[3]).toBe("1");
  });
});
