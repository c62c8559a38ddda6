import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { AlreadyExistsError, KoanError, NotFoundError } from "@koan/core";
import type { DeployRequest, JsonValue, ModelDeployer, ModelServiceInfo, ModelServiceQuery, ModelServiceStatus } from "@koan/core/contracts";
import type { MlflowConnection } from "../client/index.js";
import { MlflowApiError } from "../client/index.js";
import { freePort, processAlive, stopProcessGroup } from "./process-control.js";
import { parseServeConfig } from "./serve-config.js";
import type { ServiceRecord, ServiceRecordStore } from "./service-record.js";

export interface MlflowModelDeployerOptions {
  /** The tracking server the model servers download registered models from. */
  readonly connection: MlflowConnection;
  readonly records: ServiceRecordStore;
  /** Where the servers' output goes, one `<id>.log` each. */
  readonly logDirectory: string;
  /** The folder holding `mlflow`, or the executable; `mlflow` on PATH when left out. */
  readonly mlflowBin?: string;
  readonly host?: string;
  readonly startTimeoutMs?: number;
}

/**
 * Serves MLflow models (`models:/name/3`, `models:/name@champion`, `runs:/...`)
 * with `mlflow models serve --env-manager local`, one detached process per
 * service, so services outlive the run that deployed them. The records
 * (pid, port, model) are shared through the record store: any process of
 * the same repository can find, stop, start and delete them.
 */
export class MlflowModelDeployer implements ModelDeployer {
  readonly specVersion = 1 as const;
  readonly type = "model_deployer" as const;
  readonly flavor = "mlflow";
  readonly #connection: MlflowConnection;
  readonly #records: ServiceRecordStore;
  readonly #logDirectory: string;
  readonly #executable: string;
  readonly #host: string;
  readonly #startTimeoutMs: number;

  constructor(options: MlflowModelDeployerOptions) {
    this.#connection = options.connection;
    this.#records = options.records;
    this.#logDirectory = options.logDirectory;
    this.#executable = mlflowExecutable(options.mlflowBin);
    this.#host = options.host ?? "127.0.0.1";
    this.#startTimeoutMs = options.startTimeoutMs ?? 180_000;
  }

  async deploy(request: DeployRequest): Promise<ModelServiceInfo> {
    const config = parseServeConfig(request.config);
    const name = request.serviceName ?? request.model.name;
    const [existing] = (await this.#records.list()).filter((r) => r.name === name);
    if (existing && !request.replace) {
      throw new AlreadyExistsError("MLflow model service", name, "Pass replace: true to update it in place, or pick another serviceName");
    }
    const id = existing?.id ?? randomUUID();
    if (!existing && !(await this.#records.claimName(name, id))) {
      throw new AlreadyExistsError("MLflow model service", name, "Another process deployed it just now; pass replace: true to update it in place");
    }
    if (existing?.pid !== undefined) await stopProcessGroup(existing.pid);
    const record: ServiceRecord = {
      id,
      name,
      model: { ...request.model },
      config: { ...config },
      ...(request.source ? { source: { ...request.source } } : {}),
      createdAt: existing?.createdAt ?? new Date().toISOString(),
      state: "stopped",
      logFile: join(this.#logDirectory, `${id}.log`),
    };
    await this.#records.put(record);
    return this.#info(await this.#launch(record, request.timeoutMs ?? this.#startTimeoutMs));
  }

  async find(query: ModelServiceQuery): Promise<ModelServiceInfo[]> {
    const matches: ModelServiceInfo[] = [];
    for (const info of await this.list()) {
      if (query.name !== undefined && info.name !== query.name) continue;
      if (query.modelName !== undefined && info.model.name !== query.modelName) continue;
      if (query.modelVersion !== undefined && info.model.version !== query.modelVersion) continue;
      if (query.pipeline !== undefined && info.source?.pipeline !== query.pipeline) continue;
      if (query.runId !== undefined && info.source?.runId !== query.runId) continue;
      if (query.status !== undefined && info.status !== query.status) continue;
      matches.push(info);
    }
    return matches;
  }

  async list(): Promise<ModelServiceInfo[]> {
    const records = await this.#records.list();
    records.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return Promise.all(records.map((r) => this.#info(r)));
  }

  async get(id: string): Promise<ModelServiceInfo> {
    return this.#info(await this.#record(id));
  }

  async start(id: string): Promise<ModelServiceInfo> {
    const record = await this.#record(id);
    if ((await this.#status(record)) === "running") return this.#info(record);
    if (record.pid !== undefined) await stopProcessGroup(record.pid);
    return this.#info(await this.#launch(record, this.#startTimeoutMs));
  }

  async stop(id: string): Promise<ModelServiceInfo> {
    const record = await this.#record(id);
    if (record.pid !== undefined) await stopProcessGroup(record.pid);
    const { pid: _pid, port: _port, error: _error, ...rest } = record;
    const stopped: ServiceRecord = { ...rest, state: "stopped" };
    await this.#records.put(stopped);
    return this.#info(stopped);
  }

  async delete(id: string): Promise<void> {
    const record = await this.#record(id);
    if (record.pid !== undefined) await stopProcessGroup(record.pid);
    await this.#records.delete(id);
    await this.#records.releaseName(record.name);
    await rm(record.logFile, { force: true });
  }

  async predict(id: string, input: JsonValue): Promise<JsonValue> {
    const record = await this.#record(id);
    const status = await this.#status(record);
    if (status !== "running" || record.port === undefined) {
      throw new KoanError(
        "MODEL_SERVICE_NOT_RUNNING",
        `MLflow model service "${record.name}" is ${status}; start it (koan model-deployer start, or deployer.start(id)) before predicting.`,
      );
    }
    const response = await fetch(`${this.#baseUrl(record)}/invocations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input),
    });
    const text = await response.text();
    let reply: unknown = text;
    try {
      reply = JSON.parse(text);
    } catch {
      // Not JSON: kept as text for the error.
    }
    if (!response.ok) {
      const body = typeof reply === "object" && reply !== null ? (reply as { error_code?: unknown; message?: unknown }) : {};
      const code = typeof body.error_code === "string" ? body.error_code : `HTTP_${response.status}`;
      const message = typeof body.message === "string" ? body.message : text.slice(0, 500);
      throw new MlflowApiError(code, response.status, `MLflow model service "${record.name}" refused the prediction (${code}): ${message}`);
    }
    return reply as JsonValue;
  }

  /** Starts the server process and waits until it answers `/ping`, or fails. */
  async #launch(record: ServiceRecord, timeoutMs: number): Promise<ServiceRecord> {
    const config = parseServeConfig(record.config);
    const port = config.port ?? (await freePort(this.#host));
    await mkdir(this.#logDirectory, { recursive: true });
    const log = await open(record.logFile, "a");
    const args = ["models", "serve", "-m", record.model.uri, "--env-manager", "local", "-h", this.#host, "-p", String(port)];
    if (config.workers !== undefined) args.push("-w", String(config.workers));
    if (config.timeoutSeconds !== undefined) args.push("-t", String(config.timeoutSeconds));
    let exited = false;
    let spawnError: Error | undefined;
    const child = spawn(this.#executable, args, {
      detached: true,
      stdio: ["ignore", log.fd, log.fd],
      env: this.#serverEnvironment(),
    });
    child.on("error", (error) => {
      spawnError = error;
      exited = true;
    });
    child.on("exit", () => {
      exited = true;
    });
    child.unref();
    await log.close();
    const running: ServiceRecord = { ...withoutRuntime(record), state: "running", host: this.#host, port, ...(child.pid ? { pid: child.pid } : {}) };
    await this.#records.put(running);

    const deadline = Date.now() + timeoutMs;
    let failure: string | undefined;
    for (;;) {
      if (spawnError) {
        failure = `could not run ${this.#executable} (${spawnError.message}); install mlflow or set the deployer's mlflowBin`;
        break;
      }
      if (await this.#answers(running)) return running;
      if (exited || (child.pid !== undefined && !processAlive(child.pid))) {
        failure = `the server exited while loading the model: ${await logTail(record.logFile)}`;
        break;
      }
      if (Date.now() > deadline) {
        failure = `the server did not answer within ${Math.round(timeoutMs / 1000)}s: ${await logTail(record.logFile)}`;
        break;
      }
      await sleep(250);
    }
    if (child.pid !== undefined) await stopProcessGroup(child.pid);
    const failed: ServiceRecord = { ...withoutRuntime(record), state: "error", error: failure };
    await this.#records.put(failed);
    return failed;
  }

  #serverEnvironment(): NodeJS.ProcessEnv {
    const connection = this.#connection;
    const environment: NodeJS.ProcessEnv = { ...process.env, MLFLOW_TRACKING_URI: connection.trackingUri, MLFLOW_DISABLE_TELEMETRY: "true" };
    // `mlflow models serve` runs `uvicorn` by name: the environment's bin folder must come first on PATH.
    if (isAbsolute(this.#executable) || this.#executable.includes("/")) {
      environment.PATH = [dirname(resolve(this.#executable)), process.env.PATH].filter(Boolean).join(delimiter);
    }
    if (connection.token) environment.MLFLOW_TRACKING_TOKEN = connection.token;
    if (connection.username !== undefined) environment.MLFLOW_TRACKING_USERNAME = connection.username;
    if (connection.password !== undefined) environment.MLFLOW_TRACKING_PASSWORD = connection.password;
    return environment;
  }

  async #record(id: string): Promise<ServiceRecord> {
    const record = await this.#records.get(id);
    if (!record) throw new NotFoundError("MLflow model service", id, "List the services with deployer.list() or koan model-deployer list");
    return record;
  }

  /** The live status: a record says running only while its process lives and answers. */
  async #status(record: ServiceRecord): Promise<ModelServiceStatus> {
    if (record.state !== "running") return record.state;
    if (record.pid === undefined || !processAlive(record.pid)) return "error";
    return (await this.#answers(record)) ? "running" : "pending";
  }

  async #answers(record: ServiceRecord): Promise<boolean> {
    if (record.port === undefined) return false;
    try {
      const response = await fetch(`${this.#baseUrl(record)}/ping`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  }

  #baseUrl(record: ServiceRecord): string {
    const host = record.host ?? this.#host;
    return `http://${host.includes(":") ? `[${host}]` : host}:${record.port}`;
  }

  async #info(record: ServiceRecord): Promise<ModelServiceInfo> {
    const status = await this.#status(record);
    const error =
      status === "error" ? (record.error ?? `the server process ${record.pid ?? ""} is gone; see ${record.logFile}, then start the service again`) : undefined;
    return {
      id: record.id,
      name: record.name,
      status,
      predictionUrl: status === "running" ? `${this.#baseUrl(record)}/invocations` : null,
      model: { ...record.model },
      createdAt: new Date(record.createdAt),
      config: { ...record.config },
      ...(record.source ? { source: { ...record.source } } : {}),
      ...(error !== undefined ? { error } : {}),
    };
  }
}

function withoutRuntime(record: ServiceRecord): ServiceRecord {
  const { pid: _pid, port: _port, host: _host, error: _error, ...rest } = record;
  return rest;
}

/** `mlflowBin` as the executable: a folder gets `/mlflow` appended. */
function mlflowExecutable(mlflowBin: string | undefined): string {
  if (!mlflowBin) return "mlflow";
  return existsSync(mlflowBin) && statSync(mlflowBin).isDirectory() ? join(mlflowBin, "mlflow") : mlflowBin;
}

/** The last lines of a server's log, for error reports. */
async function logTail(file: string): Promise<string> {
  try {
    const lines = (await readFile(file, "utf8")).trim().split("\n");
    return lines.slice(-8).join("\n") || "(no output)";
  } catch {
    return "(no output)";
  }
}
