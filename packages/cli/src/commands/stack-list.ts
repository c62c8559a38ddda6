import { componentCommand, orderedComponents } from "../component-types.js";
import { ui } from "../output/ui.js";
import { openProject } from "../project.js";

/*
 * `koan stack list` has a module of its own: it only reads the store, and
 * the other stack commands' imports (the flavor registry, zod, YAML) would
 * more than double its start-up time. See docs/benchmarks.md.
 */

export async function stackList(options: { json?: boolean }): Promise<void> {
  const repository = await openProject();
  const stacks = await repository.store.listStacks();
  const active = repository.config.activeStack;
  if (options.json) {
    ui.json(stacks.map((s) => ({ name: s.name, active: s.name === active, components: s.components, createdAt: s.createdAt, updatedAt: s.updatedAt })));
    return;
  }
  ui.table(
    ["ACTIVE", "STACK", "ORCHESTRATOR", "ARTIFACT STORE", "OTHER COMPONENTS"],
    stacks.map((s) => [
      s.name === active ? "*" : "",
      s.name === active ? ui.out.green(s.name) : s.name,
      s.components.orchestrator ?? "-",
      s.components.artifact_store ?? "-",
      orderedComponents(s)
        .filter(([type]) => type !== "orchestrator" && type !== "artifact_store")
        .map(([type, component]) => `${componentCommand(type).command}=${component}`)
        .join(", ") || "-",
    ]),
    "No stacks. Register one with `koan stack register`.",
  );
}
