import { isAbsolute, join, resolve } from "node:path";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { defineFlavor } from "../registry/flavor.js";
import { LocalArtifactStore } from "./local-artifact-store.js";
import { LocalOrchestrator } from "./local-orchestrator.js";

/** Steps run in this process, independent ones concurrently. */
export const localOrchestrator = defineFlavor({
  type: "orchestrator",
  name: "local",
  description: "Runs steps in this process; independent steps run concurrently.",
  packageName: "@koan/core",
  configSchema: z.object({
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(1024)
      .default(() => Math.max(4, availableParallelism()))
      .describe("How many steps may run at the same time"),
    failFast: z.boolean().default(true).describe("Stop starting new steps once one has failed"),
  }),
  async create(config) {
    return new LocalOrchestrator(config);
  },
});

/** Artifacts as files in a folder, written atomically. */
export const localArtifactStore = defineFlavor({
  type: "artifact_store",
  name: "local",
  description: "Stores artifacts as files in a local folder.",
  packageName: "@koan/core",
  configSchema: z.object({
    path: z
      .string()
      .min(1)
      .default(join(".koan", "artifacts"))
      .describe("Folder for artifacts; relative paths resolve against the project root"),
  }),
  async create(config, context) {
    const root = isAbsolute(config.path) ? config.path : resolve(context.repositoryRoot, config.path);
    return new LocalArtifactStore(root);
  },
  stackRules(stack) {
    const orchestrator = stack.flavors.orchestrator;
    return orchestrator?.remote
      ? [`the remote orchestrator "${orchestrator.name}" cannot read a local artifact store; use a remote one (s3, gcs, azure)`]
      : [];
  },
});
