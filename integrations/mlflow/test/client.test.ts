// The client's pure parts: batch splitting, error mapping, artifact paths.
// Requests against a real server are in client.int.test.ts.
import { AlreadyExistsError, KoanError, NotFoundError, NotSupportedError } from "@koan/core";
import { describe, expect, it } from "vitest";
import { BATCH_LIMITS, MlflowApiError, MlflowHttp, mlflowError, proxyPath, splitBatch } from "../src/client/index.js";

const metric = (i: number) => ({ key: `m${i}`, value: i, timestamp: 0, step: 0 });
const pair = (prefix: string) => (i: number) => ({ key: `${prefix}${i}`, value: String(i) });

describe("splitBatch", () => {
  it("keeps every entry, in order, within MLflow's limits per request", () => {
    const batch = {
      metrics: Array.from({ length: 2500 }, (_, i) => metric(i)),
      params: Array.from({ length: 250 }, (_, i) => pair("p")(i)),
      tags: Array.from({ length: 130 }, (_, i) => pair("t")(i)),
    };
    const parts = splitBatch(batch);
    for (const part of parts) {
      const [m, p, t] = [part.metrics?.length ?? 0, part.params?.length ?? 0, part.tags?.length ?? 0];
      expect(m).toBeLessThanOrEqual(BATCH_LIMITS.metrics);
      expect(p).toBeLessThanOrEqual(BATCH_LIMITS.params);
      expect(t).toBeLessThanOrEqual(BATCH_LIMITS.tags);
      expect(m + p + t).toBeLessThanOrEqual(BATCH_LIMITS.entities);
    }
    expect(parts.flatMap((p) => p.metrics ?? [])).toEqual(batch.metrics);
    expect(parts.flatMap((p) => p.params ?? [])).toEqual(batch.params);
    expect(parts.flatMap((p) => p.tags ?? [])).toEqual(batch.tags);
  });

  it("makes no request for an empty batch and one for a small one", () => {
    expect(splitBatch({})).toEqual([]);
    expect(splitBatch({ metrics: [metric(1)] })).toEqual([{ metrics: [metric(1)] }]);
  });
});

describe("mlflowError", () => {
  const subject = { kind: "MLflow run", ref: "abc" };

  it("maps RESOURCE_DOES_NOT_EXIST and RESOURCE_ALREADY_EXISTS to NotFoundError and AlreadyExistsError", () => {
    const missing = mlflowError(404, { error_code: "RESOURCE_DOES_NOT_EXIST", message: "Run 'abc' not found" }, subject, "GET /x");
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.message).toContain('"abc"');
    const duplicate = mlflowError(400, { error_code: "RESOURCE_ALREADY_EXISTS", message: "exists" }, subject, "POST /x");
    expect(duplicate).toBeInstanceOf(AlreadyExistsError);
  });

  it("keeps MLflow's code for anything else, with a hint", () => {
    const invalid = mlflowError(400, { error_code: "INVALID_PARAMETER_VALUE", message: "bad key" }, subject, "POST /x");
    expect(invalid).toBeInstanceOf(MlflowApiError);
    expect(invalid.code).toBe("MLFLOW_INVALID_PARAMETER_VALUE");
    expect(invalid.message).toContain("bad key");
    const denied = mlflowError(401, "<html>", undefined, "GET /x");
    expect(denied.code).toBe("MLFLOW_HTTP_401");
    expect((denied as MlflowApiError).status).toBe(401);
    expect(mlflowError(401, { error_code: "UNAUTHENTICATED" }, undefined, "GET /x").message).toContain("secret references");
  });
});

describe("proxyPath", () => {
  it("reads mlflow-artifacts URIs with and without an authority", () => {
    expect(proxyPath("mlflow-artifacts:/1/abc/artifacts")).toBe("1/abc/artifacts");
    expect(proxyPath("mlflow-artifacts://host:5000/1/abc/artifacts/")).toBe("1/abc/artifacts");
  });

  it("refuses roots the server does not proxy, saying to use --serve-artifacts", () => {
    let error: unknown;
    try {
      proxyPath("/var/mlruns/1/abc/artifacts");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NotSupportedError);
    expect((error as KoanError).message).toContain("--serve-artifacts");
  });
});

describe("MlflowHttp", () => {
  it("never shows credentials", () => {
    const http = new MlflowHttp({ trackingUri: "http://127.0.0.1:1/", username: "me", password: "hunter2-secret", token: "tok-secret" });
    expect(http.trackingUri).toBe("http://127.0.0.1:1");
    const shown = JSON.stringify(http) + String(http) + JSON.stringify(Object.entries(http));
    expect(shown).not.toContain("hunter2-secret");
    expect(shown).not.toContain("tok-secret");
  });
});
