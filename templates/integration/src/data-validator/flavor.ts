import { defineFlavor, z } from "@koan/core";

/** The config users give on the command line (`--drift-threshold 0.1`) or in code. */
export const templateDataValidatorConfig = z.object({
  driftThreshold: z.number().gt(0).lt(1).default(0.2).describe("A column drifts when its KS statistic or total variation distance exceeds this"),
  driftShare: z.number().gt(0).max(1).default(0.5).describe("Drift is detected when at least this share of columns drifted"),
});

export type TemplateDataValidatorConfig = z.infer<typeof templateDataValidatorConfig>;

/** The `template` data validator flavor. */
export const templateDataValidator = defineFlavor({
  type: "data_validator",
  name: "template",
  description: "Profiles tables, checks expectations and detects drift.",
  packageName: "@koan/integration-template",
  configSchema: templateDataValidatorConfig,
  async create(config) {
    // Imported here, not at the top: listing flavors must not load SDKs.
    const { TemplateDataValidator } = await import("./template-data-validator.js");
    return new TemplateDataValidator(config);
  },
});
