import { ArtifactNotFoundError, ArtifactStoreError } from "@koan/core";
import { flavorSuite } from "@koan/testing";
import { describe, expect, it } from "vitest";
import { azureArtifactStore, parseAzurePath } from "../src/artifact-store/index.js";
import { translateAzureError } from "../src/artifact-store/azure-errors.js";

// The conformance suite runs against Azurite in artifact-store.int.test.ts;
// these tests need no network.
const context = { componentName: "artifacts", repositoryRoot: process.cwd() };
const KEY = Buffer.from("an account key for the tests, not a real one").toString("base64");

flavorSuite({
  flavor: azureArtifactStore,
  validConfig: { path: "az://ml-artifacts/team/koan", accountName: "mlstore", accountKey: KEY },
  invalidConfigs: [
    { config: {}, path: "path" },
    { config: { path: "az://ml-artifacts" }, path: "connectionString" },
    { config: { path: "gs://bucket/x", connectionString: "c" }, path: "path" },
    { config: { path: "az://Upper", connectionString: "c" }, path: "path" },
    { config: { path: "az://a--b", connectionString: "c" }, path: "path" },
    { config: { path: "az://ok-name/a/../b", connectionString: "c" }, path: "path" },
    { config: { path: "az://ok-name", accountKey: KEY }, path: "accountName" },
    { config: { path: "az://ok-name", accountName: "a" }, path: "accountKey" },
    { config: { path: "az://ok-name", accountName: "a", accountKey: KEY, sasToken: "sv=1" }, path: "sasToken" },
    { config: { path: "az://ok-name", connectionString: "c", accountKey: KEY }, path: "accountKey" },
    { config: { path: "az://ok-name", connectionString: "c", maxRetries: 100 }, path: "maxRetries" },
    { config: { path: "az://ok-name", connectionString: "c", region: "x" }, path: "region" },
  ],
  context,
  packageName: "@koan/azure",
});

describe("az:// paths", () => {
  it("reads the container and the folder, with or without a trailing slash", () => {
    expect(parseAzurePath("az://ml-artifacts")).toEqual({ container: "ml-artifacts", prefix: "" });
    expect(parseAzurePath("az://ml-artifacts/team/koan/")).toEqual({ container: "ml-artifacts", prefix: "team/koan/" });
  });

  it("says what is wrong with a bad path", () => {
    expect(parseAzurePath("ml-artifacts")).toMatch(/not an az:\/\/ path/);
    expect(parseAzurePath("az://ab")).toMatch(/not a container name/);
    expect(parseAzurePath("az://abc/x//y")).toMatch(/empty path segment/);
  });

  it("names the store by the container's URL, without any SAS token", async () => {
    const keyed = await azureArtifactStore.create(azureArtifactStore.parseConfig({ path: "az://models/team", accountName: "mlstore", accountKey: KEY }), context);
    expect(keyed.identity).toBe("https://mlstore.blob.core.windows.net/models/team");
    expect(keyed.isRemote).toBe(true);
    expect(keyed.uriFor("runs/1/model v2.bin")).toBe("https://mlstore.blob.core.windows.net/models/team/runs/1/model%20v2.bin");
    const sas = "sv=2024-11-04&ss=b&sig=c2VjcmV0LXNpZ25hdHVyZQ%3D%3D";
    const signed = await azureArtifactStore.create(
      azureArtifactStore.parseConfig({ path: "az://models", accountName: "mlstore", sasToken: sas, endpoint: "http://127.0.0.1:10000/devstoreaccount1" }),
      context,
    );
    expect(signed.identity).toBe("http://127.0.0.1:10000/devstoreaccount1/models");
    expect(signed.uriFor("k")).not.toContain("sig");
  });

  it("takes a connection string", async () => {
    const connectionString = `DefaultEndpointsProtocol=https;AccountName=mlstore;AccountKey=${KEY};EndpointSuffix=core.windows.net`;
    const store = await azureArtifactStore.create(azureArtifactStore.parseConfig({ path: "az://models", connectionString }), context);
    expect(store.identity).toBe("https://mlstore.blob.core.windows.net/models");
    expect(store.identity).not.toContain(KEY);
  });
});

describe("errors from the Blob service", () => {
  const store = "https://mlstore.blob.core.windows.net/models";
  const restError = (statusCode: number, code: string) => Object.assign(new Error(code), { statusCode, code, details: { errorCode: code } });

  it("a missing blob is ArtifactNotFoundError; a missing container names the store", () => {
    expect(translateAzureError(restError(404, "BlobNotFound"), store, "models", "k")).toBeInstanceOf(ArtifactNotFoundError);
    const missing = translateAzureError(restError(404, "ContainerNotFound"), store, "models", "k") as ArtifactStoreError;
    expect(missing).toBeInstanceOf(ArtifactStoreError);
    expect(missing.store).toBe(store);
    expect(missing.failure).toBe("missing-bucket");
    expect(missing.message).toMatch(/container "models" does not exist/);
  });

  it("refused credentials, a service that kept failing and an unreachable endpoint are ArtifactStoreError", () => {
    const refused = restError(403, "AuthenticationFailed");
    const error = translateAzureError(refused, store, "models", "k") as ArtifactStoreError;
    expect(error).toBeInstanceOf(ArtifactStoreError);
    expect(error.failure).toBe("credentials");
    expect(error.cause).toBe(refused);
    expect(error.message).toMatch(/refused the credentials/);
    const notAllowed = translateAzureError(restError(403, "AuthorizationPermissionMismatch"), store, "models", "k") as ArtifactStoreError;
    expect(notAllowed.failure).toBe("permission");
    expect(notAllowed.message).toMatch(/refused the request/);
    expect((translateAzureError(restError(503, "ServerBusy"), store, "models") as Error).message).toMatch(/kept answering 503/);
    const network = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect((translateAzureError(network, store, "models") as Error).message).toMatch(/could not reach .*ECONNREFUSED/);
    expect((translateAzureError(network, store, "models") as ArtifactStoreError).failure).toBe("unreachable");
  });

  it("passes other errors on unchanged", () => {
    const broken = new Error("the source broke");
    expect(translateAzureError(broken, store, "models", "k")).toBe(broken);
  });
});
