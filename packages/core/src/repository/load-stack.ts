import { NotFoundError } from "@koan/contracts";
import type { ComponentType, MetadataStore } from "@koan/contracts";
import { discoverFlavors } from "../discovery/discover.js";
import { flavors } from "../registry/default-registry.js";
import type { ComponentSpec } from "../registry/flavor.js";
import { registerLocalSecretsFlavor } from "../secrets/local-secrets-flavor.js";
import type { Stack } from "../stack/define-stack.js";

/**
 * Builds a `Stack` from a stack registered in the metadata store. A flavor
 * not yet known in this process is looked for among the installed
 * integrations and the project's flavor modules first (`discoverFlavors`).
 */
export async function loadStack(store: MetadataStore, name: string, options: { readonly root?: string } = {}): Promise<Stack> {
  registerLocalSecretsFlavor();
  const record = await store.getStack(name);
  if (!record) throw new NotFoundError("stack", name, "Run `koan stack list` to see the registered stacks.");
  const components: Partial<Record<ComponentType, ComponentSpec>> = {};
  for (const [type, componentName] of Object.entries(record.components) as [ComponentType, string][]) {
    const component = await store.getComponent(type, componentName);
    if (!component) throw new NotFoundError(type.replaceAll("_", " "), componentName, `Stack "${name}" refers to it; register it again or update the stack.`);
    if (!flavors.has(type, component.flavor)) {
      await discoverFlavors(options.root ? { root: options.root } : {});
    }
    const flavor = flavors.resolve(type, component.flavor);
    components[type] = { type, flavor: component.flavor, name: component.name, config: component.config, flavorDefinition: flavor };
  }
  return { name, components };
}
