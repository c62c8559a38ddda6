import type { StackComponent } from "./component-type.js";
import type { JsonObject, JsonValue } from "./json.js";

/** The state of a model service. */
export type ModelServiceStatus = "pending" | "running" | "stopped" | "error";

/** Which model a service serves. */
export interface ModelRef {
  readonly name: string;
  /** Where the model's files are: an artifact URI, a model registry URI (`models:/name/3`). */
  readonly uri: string;
  readonly version?: string;
}

/** What to deploy. */
export interface DeployRequest {
  readonly model: ModelRef;
  /** Name of the service; unique within the deployer. Defaults to the model name. */
  readonly serviceName?: string;
  /** Flavor-specific serving settings (replicas, resources, workers, port), validated by the flavor. */
  readonly config?: JsonObject;
  /**
   * When a service of that name exists: true updates it in place to the new
   * model and config; false (default) refuses with `AlreadyExistsError`.
   */
  readonly replace?: boolean;
  /** The pipeline run and step that deployed it, recorded on the service. */
  readonly source?: { readonly pipeline: string; readonly runId: string; readonly stepId: string };
  /** How long to wait for the service to be running; the flavor's default when left out. */
  readonly timeoutMs?: number;
}

/** A model service as the deployer knows it. */
export interface ModelServiceInfo {
  readonly id: string;
  readonly name: string;
  readonly status: ModelServiceStatus;
  /** Where to send predictions (for clients other than `predict`); `null` while not running. */
  readonly predictionUrl: string | null;
  readonly model: ModelRef;
  readonly createdAt: Date;
  readonly config: JsonObject;
  readonly source?: { readonly pipeline: string; readonly runId: string; readonly stepId: string };
  /** Why the service is in `error`. */
  readonly error?: string;
}

/** Filters for `find`; every given field must match. */
export interface ModelServiceQuery {
  readonly name?: string;
  readonly modelName?: string;
  readonly modelVersion?: string;
  readonly pipeline?: string;
  readonly runId?: string;
  readonly status?: ModelServiceStatus;
}

/**
 * Serves models as long-running prediction services (a local server, a
 * Kubernetes deployment, a managed endpoint) and manages their lifecycle.
 * Unknown ids raise `NotFoundError`. Services outlive the pipeline run that
 * deployed them.
 */
export interface ModelDeployer extends StackComponent<"model_deployer"> {
  readonly specVersion: 1;
  /** Deploys a model and waits until the service is running (or failed, then `status: "error"`). */
  deploy(request: DeployRequest): Promise<ModelServiceInfo>;
  /** Services matching the query, newest first. */
  find(query: ModelServiceQuery): Promise<ModelServiceInfo[]>;
  /** All services, newest first. */
  list(): Promise<ModelServiceInfo[]>;
  /** One service, with its status refreshed. */
  get(id: string): Promise<ModelServiceInfo>;
  /** Starts a stopped service; a running one is left as is. */
  start(id: string): Promise<ModelServiceInfo>;
  /** Stops a service without deleting it; a stopped one is left as is. */
  stop(id: string): Promise<ModelServiceInfo>;
  /** Stops and removes a service and its resources. */
  delete(id: string): Promise<void>;
  /** Sends one prediction request in the served model's own JSON format and returns its reply. */
  predict(id: string, input: JsonValue): Promise<JsonValue>;
}
