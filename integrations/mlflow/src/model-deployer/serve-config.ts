import { InvalidConfigError, z } from "@koan/core";
import type { JsonObject } from "@koan/core/contracts";

/** Per-service settings, the `config` of a deploy request. */
export const mlflowServeConfig = z.object({
  port: z.number().int().min(1).max(65535).optional().describe("Port of the prediction server; a free one when left out"),
  workers: z.number().int().min(1).max(64).optional().describe("Worker processes of the server; MLflow's default when left out"),
  timeoutSeconds: z.number().int().min(1).optional().describe("Seconds a prediction may take before the server gives up"),
});

export type MlflowServeConfig = z.infer<typeof mlflowServeConfig>;

/** Validates a deploy request's config, naming the failing field. */
export function parseServeConfig(config: JsonObject | undefined): MlflowServeConfig {
  const parsed = mlflowServeConfig.safeParse(config ?? {});
  if (!parsed.success) {
    throw new InvalidConfigError(
      "model_deployer/mlflow (deploy config)",
      parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    );
  }
  return parsed.data;
}
