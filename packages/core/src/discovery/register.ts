import { KoanError } from "@koan/contracts";
import { flavors } from "../registry/default-registry.js";
import type { AnyFlavor } from "../registry/flavor.js";

/**
 * Registers a discovered flavor unless the same one is known already (the
 * same object, or the same package's flavor loaded through another path).
 * Returns why it was left out when another package holds the name.
 */
export function registerDiscoveredFlavor(flavor: AnyFlavor, source: string): string | undefined {
  if (flavors.has(flavor.type, flavor.name)) {
    const existing = flavors.resolve(flavor.type, flavor.name);
    if (existing === flavor || (existing.packageName !== undefined && existing.packageName === flavor.packageName)) return undefined;
    return `${flavor.type}/${flavor.name} from ${source} is ignored: ${existing.packageName ?? "another module"} already provides a flavor of that name`;
  }
  flavors.register(flavor);
  return undefined;
}

/** Like `registerDiscoveredFlavor`, but a name held by another package is an error. */
export function registerFlavorStrictly(flavor: AnyFlavor, source: string): void {
  const conflict = registerDiscoveredFlavor(flavor, source);
  if (conflict) throw new KoanError("FLAVOR_EXISTS", `${conflict}. Give your flavor another name.`);
}
