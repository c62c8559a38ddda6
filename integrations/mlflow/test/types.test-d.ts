// The public types: configs that type-check only when valid, components of
// the right contract, and the client's typed replies.
import type { ExperimentTracker, ModelDeployer, ModelRegistry } from "@koan/core/contracts";
import { describe, expectTypeOf, it } from "vitest";
import { mlflowExperimentTracker, mlflowModelDeployer, mlflowModelRegistry, MlflowClient } from "../src/index.js";
import type { MlflowModelVersion, MlflowRun, MlflowRunStatus } from "../src/index.js";

describe("types", () => {
  it("configs need a tracking URI and take only known fields of the right type", () => {
    mlflowExperimentTracker.configure({ trackingUri: "http://127.0.0.1:5000", experimentName: "churn" });
    mlflowModelDeployer.configure({ trackingUri: "http://127.0.0.1:5000", mlflowBin: ".venv/bin", startTimeoutMs: 1000 });
    mlflowModelRegistry.configure({ trackingUri: "http://127.0.0.1:5000", token: "{{mlflow.token}}" });
    // @ts-expect-error the tracking URI is required
    mlflowExperimentTracker.configure({});
    // @ts-expect-error startTimeoutMs is a number
    mlflowModelDeployer.configure({ trackingUri: "http://127.0.0.1:5000", startTimeoutMs: "soon" });
  });

  it("flavors create components of their contracts", () => {
    expectTypeOf(mlflowExperimentTracker.create).returns.resolves.toEqualTypeOf<ExperimentTracker>();
    expectTypeOf(mlflowModelRegistry.create).returns.resolves.toEqualTypeOf<ModelRegistry>();
    expectTypeOf(mlflowModelDeployer.create).returns.resolves.toEqualTypeOf<ModelDeployer>();
  });

  it("the client's replies are typed", () => {
    const client = new MlflowClient({ trackingUri: "http://127.0.0.1:5000" });
    expectTypeOf(client.runs.get).returns.resolves.toEqualTypeOf<MlflowRun>();
    expectTypeOf<MlflowRun["info"]["status"]>().toEqualTypeOf<MlflowRunStatus>();
    expectTypeOf(client.registry.getVersionByAlias).returns.resolves.toEqualTypeOf<MlflowModelVersion>();
    // @ts-expect-error run statuses are MLflow's
    void client.runs.update("id", { status: "DONE" });
  });
});
