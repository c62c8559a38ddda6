import { AlreadyExistsError } from "@koan/core";
import type { SharedMetadataStore } from "@koan/core";
import type { JsonObject, ModelRef } from "@koan/core/contracts";

/** What the deployer keeps about one model server, enough for any process to find, stop or restart it. */
export interface ServiceRecord {
  readonly id: string;
  readonly name: string;
  readonly model: ModelRef;
  readonly config: JsonObject;
  readonly source?: { readonly pipeline: string; readonly runId: string; readonly stepId: string };
  /** ISO time of the first deployment under this name. */
  readonly createdAt: string;
  /** What the last start, stop or failure left: the live status also checks the process. */
  readonly state: "running" | "stopped" | "error";
  readonly pid?: number;
  readonly host?: string;
  readonly port?: number;
  readonly error?: string;
  /** The server's output. */
  readonly logFile: string;
}

/** Where service records live. */
export interface ServiceRecordStore {
  list(): Promise<ServiceRecord[]>;
  get(id: string): Promise<ServiceRecord | undefined>;
  put(record: ServiceRecord): Promise<void>;
  delete(id: string): Promise<void>;
  /**
   * Claims a service name for a service id, atomically: false when another
   * service holds it, so two processes deploying the same name at once
   * cannot both create a service.
   */
  claimName(name: string, id: string): Promise<boolean>;
  /** Frees a name when its service is deleted. */
  releaseName(name: string): Promise<void>;
}

/**
 * Service records as component state in the repository's metadata store
 * (kind `mlflow_model_service`, keyed by service id), so every process of the
 * repository, the CLI included, sees the same services.
 */
export class MetadataServiceRecordStore implements ServiceRecordStore {
  static readonly KIND = "mlflow_model_service";
  static readonly NAME_KIND = "mlflow_model_service_name";

  constructor(
    readonly store: SharedMetadataStore,
    readonly componentName: string | null = null,
  ) {}

  async list(): Promise<ServiceRecord[]> {
    const records = await this.store.listComponentState({ componentType: "model_deployer", kind: MetadataServiceRecordStore.KIND });
    return records.map((r) => r.data as unknown as ServiceRecord);
  }

  async get(id: string): Promise<ServiceRecord | undefined> {
    const record = await this.store.getComponentState({ componentType: "model_deployer", kind: MetadataServiceRecordStore.KIND, key: id });
    return record ? (record.data as unknown as ServiceRecord) : undefined;
  }

  async put(record: ServiceRecord): Promise<void> {
    await this.store.putComponentState({
      componentType: "model_deployer",
      kind: MetadataServiceRecordStore.KIND,
      key: record.id,
      componentName: this.componentName,
      data: JSON.parse(JSON.stringify(record)) as JsonObject,
    });
  }

  async delete(id: string): Promise<void> {
    await this.store.deleteComponentState({ componentType: "model_deployer", kind: MetadataServiceRecordStore.KIND, key: id });
  }

  async claimName(name: string, id: string): Promise<boolean> {
    const key = { componentType: "model_deployer" as const, kind: MetadataServiceRecordStore.NAME_KIND, key: name };
    try {
      await this.store.putComponentState({ ...key, componentName: this.componentName, data: { id }, ifAbsent: true });
      return true;
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
    // A claim whose service is gone (a process died between deleting the two) is stale: take it over.
    const holder = await this.store.getComponentState(key);
    const holderId = holder?.data.id;
    if (typeof holderId === "string" && (holderId === id || (await this.get(holderId)) !== undefined)) return holderId === id;
    await this.store.putComponentState({ ...key, componentName: this.componentName, data: { id } });
    return true;
  }

  async releaseName(name: string): Promise<void> {
    await this.store.deleteComponentState({ componentType: "model_deployer", kind: MetadataServiceRecordStore.NAME_KIND, key: name });
  }
}
