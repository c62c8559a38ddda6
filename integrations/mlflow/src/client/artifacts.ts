import { NotSupportedError } from "@koan/core";
import type { MlflowHttp } from "./http.js";

/** One entry of an artifact listing. */
export interface MlflowFileInfo {
  readonly path: string;
  readonly is_dir: boolean;
  readonly file_size?: number;
}

/**
 * Artifacts through the tracking server's artifact proxy (`mlflow server
 * --serve-artifacts`), so the client needs no access to the storage behind
 * it. Paths are the part after `mlflow-artifacts:/`.
 */
export class ArtifactsApi {
  constructor(private readonly http: MlflowHttp) {}

  /** Uploads one file under an artifact root (`mlflow-artifacts:/1/abc/artifacts`). */
  async upload(artifactRoot: string, relativePath: string, data: Uint8Array, contentType?: string): Promise<void> {
    const path = joinPath(proxyPath(artifactRoot), relativePath);
    await this.http.json({
      method: "PUT",
      path: `/api/2.0/mlflow-artifacts/artifacts/${encodePath(path)}`,
      body: data,
      ...(contentType ? { contentType } : {}),
      subject: { kind: "MLflow artifact", ref: path },
    });
  }

  /** Downloads one file. */
  async download(artifactRoot: string, relativePath: string): Promise<Uint8Array> {
    const path = joinPath(proxyPath(artifactRoot), relativePath);
    return this.http.bytes({ method: "GET", path: `/api/2.0/mlflow-artifacts/artifacts/${encodePath(path)}`, subject: { kind: "MLflow artifact", ref: path } });
  }

  /** The files and folders directly under `relativePath` of a run's artifacts. */
  async listForRun(runId: string, relativePath = ""): Promise<MlflowFileInfo[]> {
    const found: MlflowFileInfo[] = [];
    let pageToken: string | undefined;
    do {
      const reply = await this.http.json<{ files?: MlflowFileInfo[]; next_page_token?: string }>({
        method: "GET",
        path: "/api/2.0/mlflow/artifacts/list",
        query: { run_id: runId, path: relativePath || undefined, page_token: pageToken },
        subject: { kind: "MLflow run", ref: runId },
      });
      found.push(...(reply.files ?? []));
      pageToken = reply.next_page_token || undefined;
    } while (pageToken);
    return found;
  }

  /** Every file (not folder) under a run's artifacts, with paths relative to the run's artifact root. */
  async listAllForRun(runId: string, relativePath = ""): Promise<MlflowFileInfo[]> {
    const files: MlflowFileInfo[] = [];
    for (const entry of await this.listForRun(runId, relativePath)) {
      if (entry.is_dir) files.push(...(await this.listAllForRun(runId, entry.path)));
      else files.push(entry);
    }
    return files;
  }
}

/** `mlflow-artifacts:/1/abc/artifacts` or `mlflow-artifacts://host/1/abc/artifacts` as `1/abc/artifacts`. */
export function proxyPath(artifactRoot: string): string {
  const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(artifactRoot);
  if (!match) {
    throw new NotSupportedError(
      `The MLflow server (artifact root "${artifactRoot}")`,
      "artifact uploads through the tracking server",
      "Start the server with --serve-artifacts (and --artifacts-destination) so clients upload through it",
    );
  }
  return (match[1] ?? "").replace(/\/+$/, "");
}

function joinPath(root: string, relative: string): string {
  return [root, relative.replace(/^\/+/, "")].filter(Boolean).join("/");
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
