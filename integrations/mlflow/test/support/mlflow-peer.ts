import { randomBytes } from "node:crypto";
import { peer } from "@koan/testing";
import { MlflowClient } from "../../src/client/index.js";

/** The MLflow tracking server scripts/peers/mlflow.sh starts. */
export const mlflowServer = peer({ env: "KOAN_MLFLOW_TRACKING_URI", start: "scripts/peers/mlflow.sh" });

/** The folder holding the peer's `mlflow` executable, for the deployer. */
export const mlflowBin = process.env.KOAN_MLFLOW_BIN;

export function testClient(): MlflowClient {
  return new MlflowClient({ trackingUri: mlflowServer.value as string });
}

/** A name no other test run uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}
