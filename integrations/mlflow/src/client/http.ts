import { setTimeout as sleep } from "node:timers/promises";
import { mlflowError, MlflowUnreachableError } from "./errors.js";
import type { Subject } from "./errors.js";

/** How the client reaches a tracking server. */
export interface MlflowConnection {
  /** The tracking server's address, e.g. `http://127.0.0.1:5000`. */
  readonly trackingUri: string;
  /** Basic auth, for a server started with `--app-name basic-auth` or behind a proxy. */
  readonly username?: string;
  readonly password?: string;
  /** A bearer token (sent as `Authorization: Bearer ...`); wins over username and password. */
  readonly token?: string;
  /** Attempts per request on 429, 5xx and connection errors; 4 by default. */
  readonly maxAttempts?: number;
  /** First retry delay in milliseconds, doubled on each retry; 250 by default. */
  readonly retryDelayMs?: number;
}

/** One request: the method, the path under the server, and either a query or a JSON body. */
export interface MlflowRequest {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
  /** Under the server root: `/api/2.0/mlflow/runs/get`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly json?: unknown;
  /** A raw body (artifact uploads). */
  readonly body?: Uint8Array;
  readonly contentType?: string;
  /** What the request is about, for NotFoundError and AlreadyExistsError. */
  readonly subject?: Subject;
}

const RETRIED_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * The transport under every resource client: JSON in and out, auth, retries
 * with exponential backoff on 429, 5xx and connection errors, and MLflow's
 * error replies turned into Koan's typed errors. Credentials stay in private
 * fields and never reach a message.
 */
export class MlflowHttp {
  readonly trackingUri: string;
  readonly #authorization: string | undefined;
  readonly #maxAttempts: number;
  readonly #retryDelayMs: number;

  constructor(connection: MlflowConnection) {
    this.trackingUri = connection.trackingUri.replace(/\/+$/, "");
    this.#authorization = connection.token
      ? `Bearer ${connection.token}`
      : connection.username !== undefined
        ? `Basic ${Buffer.from(`${connection.username}:${connection.password ?? ""}`).toString("base64")}`
        : undefined;
    this.#maxAttempts = Math.max(1, connection.maxAttempts ?? 4);
    this.#retryDelayMs = connection.retryDelayMs ?? 250;
  }

  /** Sends a request and parses the JSON reply. */
  async json<T>(request: MlflowRequest): Promise<T> {
    const response = await this.send(request);
    const text = await response.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Sends a request and returns the raw reply body. */
  async bytes(request: MlflowRequest): Promise<Uint8Array> {
    const response = await this.send(request);
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Sends a request, retrying what can be retried; a non-2xx reply becomes a typed error. */
  async send(request: MlflowRequest): Promise<Response> {
    const url = new URL(this.trackingUri + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = {};
    if (this.#authorization) headers.authorization = this.#authorization;
    let body: string | Uint8Array | undefined;
    if (request.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(request.json);
    } else if (request.body !== undefined) {
      headers["content-type"] = request.contentType ?? "application/octet-stream";
      body = request.body;
    }
    const endpoint = `${request.method} ${request.path}`;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, { method: request.method, headers, ...(body === undefined ? {} : { body }) });
      } catch (error) {
        if (attempt < this.#maxAttempts) {
          await this.#backoff(attempt);
          continue;
        }
        throw new MlflowUnreachableError(this.trackingUri, { cause: error });
      }
      if (response.ok) return response;
      if (RETRIED_STATUS.has(response.status) && attempt < this.#maxAttempts) {
        await response.arrayBuffer().catch(() => undefined);
        await this.#backoff(attempt, response.headers.get("retry-after"));
        continue;
      }
      const text = await response.text().catch(() => "");
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: a proxy's HTML page; the error keeps its start.
      }
      throw mlflowError(response.status, parsed, request.subject, endpoint);
    }
  }

  async #backoff(attempt: number, retryAfter?: string | null): Promise<void> {
    const asked = retryAfter ? Number(retryAfter) * 1000 : Number.NaN;
    const delay = Number.isFinite(asked) ? Math.min(asked, 30_000) : this.#retryDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random());
    await sleep(delay);
  }
}
