import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
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

/** Where service records live; a switchable seam so the records can move into the metadata store. */
export interface ServiceRecordStore {
  list(): Promise<ServiceRecord[]>;
  get(id: string): Promise<ServiceRecord | undefined>;
  put(record: ServiceRecord): Promise<void>;
  delete(id: string): Promise<void>;
}

/**
 * One JSON file per service in a folder of the repository (`.koan/mlflow/
 * model-servers`), written atomically (temp file and rename), so processes
 * that share the repository see each other's services and never a half
 * written record.
 */
export class FileServiceRecordStore implements ServiceRecordStore {
  constructor(readonly directory: string) {}

  async list(): Promise<ServiceRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const records: ServiceRecord[] = [];
    for (const name of names) {
      if (!name.endsWith(".json")) continue;
      const record = await this.get(name.slice(0, -".json".length));
      if (record) records.push(record);
    }
    return records;
  }

  async get(id: string): Promise<ServiceRecord | undefined> {
    if (!/^[\w-]+$/.test(id)) return undefined;
    try {
      return JSON.parse(await readFile(this.#file(id), "utf8")) as ServiceRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async put(record: ServiceRecord): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const temporary = `${this.#file(record.id)}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
    await rename(temporary, this.#file(record.id));
  }

  async delete(id: string): Promise<void> {
    await rm(this.#file(id), { force: true });
  }

  #file(id: string): string {
    return join(this.directory, `${id}.json`);
  }
}
