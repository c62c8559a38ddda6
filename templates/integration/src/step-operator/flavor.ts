import { defineFlavor, z } from "@koan/core";

/** The config users give on the command line or in code. */
export const templateStepOperatorConfig = z.object({
  command: z
    .array(z.string().min(1))
    .min(1)
    .default(["npx", "koan", "step-entrypoint"])
    .describe("Command that runs one step; it reads the entrypoint from KOAN_STEP_ENTRYPOINT"),
  env: z.record(z.string(), z.string()).default({}).describe("Extra environment for every step (secret references, not secret values)"),
});

export type TemplateStepOperatorConfig = z.infer<typeof templateStepOperatorConfig>;

/** The `template` step operator flavor. */
export const templateStepOperator = defineFlavor({
  type: "step_operator",
  name: "template",
  description: "Runs each step in a child process.",
  packageName: "@koan/integration-template",
  configSchema: templateStepOperatorConfig,
  async create(config) {
    // Imported here, not at the top: listing flavors must not load SDKs.
    const { TemplateStepOperator } = await import("./template-step-operator.js");
    return new TemplateStepOperator(config);
  },
});
