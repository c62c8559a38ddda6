import { z } from "@koan/core";
import type { MlflowConnection } from "./client/index.js";

/** How every flavor of this package reaches the tracking server; credentials may be secret references. */
export const mlflowConnectionConfig = z.object({
  trackingUri: z.url().describe("The MLflow tracking server, e.g. http://127.0.0.1:5000"),
  username: z.string().min(1).optional().describe("Basic-auth user; use a secret reference such as {{mlflow.MLFLOW_TRACKING_USERNAME}}"),
  password: z.string().optional().describe("Basic-auth password; use a secret reference such as {{mlflow.MLFLOW_TRACKING_PASSWORD}}"),
  token: z.string().min(1).optional().describe("Bearer token, instead of username and password; use a secret reference such as {{mlflow.MLFLOW_TRACKING_TOKEN}}"),
});

export type MlflowConnectionConfig = z.infer<typeof mlflowConnectionConfig>;

/** The client's connection from a validated config (without undefined fields). */
export function connectionOf(config: MlflowConnectionConfig): MlflowConnection {
  return {
    trackingUri: config.trackingUri,
    ...(config.username !== undefined ? { username: config.username } : {}),
    ...(config.password !== undefined ? { password: config.password } : {}),
    ...(config.token !== undefined ? { token: config.token } : {}),
  };
}
