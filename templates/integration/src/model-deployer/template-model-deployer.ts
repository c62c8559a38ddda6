import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AlreadyExistsError, KoanError, NotFoundError } from "@koan/core";
import type { DeployRequest, JsonObject, JsonValue, ModelDeployer, ModelServiceInfo, ModelServiceQuery, ModelServiceStatus } from "@koan/core/contracts";
import { loadLinearModel, predictLinear } from "./linear-model.js";
import type { LinearModel } from "./linear-model.js";

interface Service {
  info: ModelServiceInfo;
  readonly order: number;
  model?: LinearModel;
  server?: Server;
}

/**
 * Serves linear models from local HTTP servers, one per service. A
 * deployer for a real platform (a Kubernetes deployment, a managed
 * endpoint) keeps the same lifecycle: deploy waits until running or
 * reports `error`, stop and start are idempotent, unknown ids raise
 * `NotFoundError`.
 */
export class TemplateModelDeployer implements ModelDeployer {
  readonly specVersion = 1 as const;
  readonly type = "model_deployer" as const;
  readonly flavor = "template";
  readonly #services = new Map<string, Service>();
  #order = 0;

  constructor(readonly host: string) {}

  async deploy(request: DeployRequest): Promise<ModelServiceInfo> {
    const name = request.serviceName ?? request.model.name;
    const existing = [...this.#services.values()].find((s) => s.info.name === name);
    if (existing && !request.replace) {
      throw new AlreadyExistsError("model service", name, "Pass replace: true to update it in place");
    }
    if (existing) await this.#halt(existing);
    const service: Service = existing ?? {
      order: this.#order++,
      info: { id: randomUUID(), name, status: "pending", predictionUrl: null, model: request.model, createdAt: new Date(), config: {} },
    };
    const config: JsonObject = { ...(request.config ?? {}) };
    service.info = {
      ...service.info,
      model: request.model,
      config,
      ...(request.source ? { source: request.source } : {}),
    };
    this.#services.set(service.info.id, service);
    return this.#launch(service);
  }

  async find(query: ModelServiceQuery): Promise<ModelServiceInfo[]> {
    return (await this.list()).filter(
      (s) =>
        (query.name === undefined || s.name === query.name) &&
        (query.modelName === undefined || s.model.name === query.modelName) &&
        (query.modelVersion === undefined || s.model.version === query.modelVersion) &&
        (query.pipeline === undefined || s.source?.pipeline === query.pipeline) &&
        (query.runId === undefined || s.source?.runId === query.runId) &&
        (query.status === undefined || s.status === query.status),
    );
  }

  async list(): Promise<ModelServiceInfo[]> {
    return [...this.#services.values()].sort((a, b) => b.order - a.order).map((s) => s.info);
  }

  async get(id: string): Promise<ModelServiceInfo> {
    return this.#find(id).info;
  }

  async start(id: string): Promise<ModelServiceInfo> {
    const service = this.#find(id);
    return service.info.status === "running" ? service.info : this.#launch(service);
  }

  async stop(id: string): Promise<ModelServiceInfo> {
    const service = this.#find(id);
    await this.#halt(service);
    service.info = { ...service.info, status: "stopped", predictionUrl: null };
    return service.info;
  }

  async delete(id: string): Promise<void> {
    await this.#halt(this.#find(id));
    this.#services.delete(id);
  }

  async predict(id: string, input: JsonValue): Promise<JsonValue> {
    const service = this.#find(id);
    if (service.info.status !== "running" || !service.info.predictionUrl) {
      throw new KoanError("SERVICE_NOT_RUNNING", `Model service "${service.info.name}" is ${service.info.status}; start it first.`);
    }
    const response = await fetch(service.info.predictionUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
    const body = (await response.json()) as JsonValue;
    if (!response.ok) throw new KoanError("PREDICTION_FAILED", `Model service "${service.info.name}" answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#services.values()].map((s) => this.#halt(s)));
  }

  #find(id: string): Service {
    const service = this.#services.get(id);
    if (!service) throw new NotFoundError("model service", id, "List the services to see their ids");
    return service;
  }

  async #launch(service: Service): Promise<ModelServiceInfo> {
    try {
      const model = await loadLinearModel(service.info.model.uri);
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          try {
            const output = predictLinear(model, JSON.parse(Buffer.concat(chunks).toString("utf8")) as JsonValue);
            res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(output));
          } catch (error) {
            res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: (error as Error).message }));
          }
        });
      });
      await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, this.host, resolve));
      const { port } = server.address() as AddressInfo;
      service.model = model;
      service.server = server;
      const { error: _previous, ...info } = service.info;
      service.info = { ...info, status: "running", predictionUrl: `http://${this.host}:${port}/predict` };
    } catch (error) {
      service.info = { ...service.info, status: "error" as ModelServiceStatus, predictionUrl: null, error: (error as Error).message };
    }
    return service.info;
  }

  async #halt(service: Service): Promise<void> {
    const server = service.server;
    service.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
