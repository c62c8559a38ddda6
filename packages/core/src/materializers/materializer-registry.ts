import { KoanError, MaterializerError } from "@koan/contracts";
import { bytesMaterializer } from "./bytes-materializer.js";
import { jsonMaterializer } from "./json-materializer.js";
import type { Materializer } from "./materializer.js";
import { stringMaterializer } from "./string-materializer.js";
import { typedArrayMaterializer } from "./typed-array-materializer.js";

/** Built-ins in the order they are tried; JSON last, as the catch-all. */
const BUILT_INS: readonly Materializer[] = [
  bytesMaterializer as Materializer,
  typedArrayMaterializer as Materializer,
  stringMaterializer as Materializer,
  jsonMaterializer,
];

/** Materializers by id; user-registered ones are tried before the built-ins. */
class MaterializerRegistry {
  readonly #custom: Materializer[] = [];
  readonly #byId = new Map<string, Materializer>(BUILT_INS.map((m) => [m.id, m]));

  register(materializer: Materializer): void {
    const existing = this.#byId.get(materializer.id);
    if (existing === materializer) return;
    if (existing) {
      throw new KoanError("MATERIALIZER_EXISTS", `A materializer with id "${materializer.id}" is already registered; give yours another id.`);
    }
    this.#byId.set(materializer.id, materializer);
    this.#custom.unshift(materializer);
  }

  /** The first materializer whose runtime check accepts the value. */
  choose(value: unknown, where: string): Materializer {
    const found = this.#custom.find((m) => m.canHandle(value)) ?? BUILT_INS.find((m) => m.canHandle(value));
    if (!found) {
      const kind = value === null || value === undefined ? String(value) : (value as object).constructor?.name ?? typeof value;
      throw new MaterializerError(
        `No materializer can save ${where} (a ${kind}). Return plain data, or write a materializer for ${kind} ` +
          `and pass it as step({ materializer }) or registerMaterializer().`,
      );
    }
    return found;
  }

  get(id: string): Materializer {
    const found = this.#byId.get(id);
    if (!found) {
      throw new MaterializerError(
        `The artifact was written by materializer "${id}", which is not registered in this process. ` +
          `Import the module that defines it (and registerMaterializer() it) before loading.`,
      );
    }
    return found;
  }
}

export const materializers = new MaterializerRegistry();

/** Makes a materializer available for choosing (by its runtime check) and for loading (by id). */
export function registerMaterializer<T>(materializer: Materializer<T>): void {
  materializers.register(materializer as Materializer);
}
