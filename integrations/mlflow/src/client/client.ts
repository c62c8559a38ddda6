import { ArtifactsApi } from "./artifacts.js";
import { ExperimentsApi } from "./experiments.js";
import { MlflowHttp } from "./http.js";
import type { MlflowConnection } from "./http.js";
import { ModelRegistryApi } from "./model-registry.js";
import { RunsApi } from "./runs.js";

/**
 * A typed client of MLflow's REST API (2.0 endpoints, as served by MLflow 2
 * and 3): experiments, runs with batched logging and metric history,
 * artifacts through the server's proxy, and the model registry.
 */
export class MlflowClient {
  readonly http: MlflowHttp;
  readonly experiments: ExperimentsApi;
  readonly runs: RunsApi;
  readonly artifacts: ArtifactsApi;
  readonly registry: ModelRegistryApi;

  constructor(connection: MlflowConnection) {
    this.http = new MlflowHttp(connection);
    this.experiments = new ExperimentsApi(this.http);
    this.runs = new RunsApi(this.http);
    this.artifacts = new ArtifactsApi(this.http);
    this.registry = new ModelRegistryApi(this.http);
  }

  get trackingUri(): string {
    return this.http.trackingUri;
  }

  /** Where a run is shown in the MLflow UI. */
  runUrl(experimentId: string, runId: string): string {
    return `${this.trackingUri}/#/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`;
  }

  /** Where a registered model version is shown in the MLflow UI. */
  modelVersionUrl(name: string, version: string): string {
    return `${this.trackingUri}/#/models/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`;
  }
}
