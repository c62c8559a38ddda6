import { COMPONENT_TYPES, KoanError, UnknownComponentTypeError, UnknownFlavorError } from "@koan/contracts";
import type { ComponentType } from "@koan/contracts";
import type { AnyFlavor } from "./flavor.js";

/** Flavors by component type and name. */
export class FlavorRegistry {
  readonly #flavors = new Map<string, AnyFlavor>();

  register(flavor: AnyFlavor): void {
    assertComponentType(flavor.type);
    const key = `${flavor.type}/${flavor.name}`;
    const existing = this.#flavors.get(key);
    if (existing && existing !== flavor) {
      throw new KoanError(
        "FLAVOR_EXISTS",
        `A ${flavor.type} flavor named "${flavor.name}" is already registered` +
          (existing.packageName ? ` by ${existing.packageName}` : "") +
          ". Give your flavor another name.",
      );
    }
    this.#flavors.set(key, flavor);
  }

  /** The flavor, or a typed error listing the known ones. */
  resolve(type: string, name: string): AnyFlavor {
    assertComponentType(type);
    const flavor = this.#flavors.get(`${type}/${name}`);
    if (!flavor) throw new UnknownFlavorError(type, name, this.list(type).map((f) => f.name));
    return flavor;
  }

  has(type: ComponentType, name: string): boolean {
    return this.#flavors.has(`${type}/${name}`);
  }

  list(type?: ComponentType): AnyFlavor[] {
    return [...this.#flavors.values()]
      .filter((f) => type === undefined || f.type === type)
      .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  }
}

export function isComponentType(value: string): value is ComponentType {
  return (COMPONENT_TYPES as readonly string[]).includes(value);
}

export function assertComponentType(value: string): asserts value is ComponentType {
  if (!isComponentType(value)) throw new UnknownComponentTypeError(value, COMPONENT_TYPES);
}
