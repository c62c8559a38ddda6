import { describe, expect, it } from "vitest";
import { AlreadyExistsError, InvalidArgumentError, NotFoundError } from "@koan/core";
import type { ModelRegistry, ModelVersionInfo } from "@koan/core/contracts";
import { expectKoanError } from "./expect-error.js";
import { DEFAULT_TIMEOUT_MS, itWith, sharedComponent, uniqueToken } from "./suite.js";
import type { SuiteOptions } from "./suite.js";

export interface ModelRegistrySuiteOptions extends SuiteOptions<ModelRegistry> {
  readonly capabilities: {
    /** `metadata` of a version round-trips as JSON (nested objects, numbers, booleans, null). */
    readonly metadata: boolean;
    /** `run` of a version (pipeline, run id, step id) round-trips. */
    readonly lineage: boolean;
  };
  /**
   * A source URI this registry accepts for a new version of `model`.
   * Defaults to `file:///tmp/koan-models/<model>/<n>`.
   */
  source?(model: string, n: number): string;
}

/** A version's metadata with every JSON kind in it. */
const METADATA = { accuracy: 0.93, epochs: 12, framework: "onnx", tuned: true, baseline: null, layers: [64, 32], inputs: { rows: 3, names: ["a", "b"] } };

/**
 * The model registry contract: registering models (`AlreadyExistsError` for
 * a taken name) and versions (numbered upwards, the model registered on the
 * fly), getting and listing them (models by name, versions newest first),
 * aliases that move between versions and go with a deleted version, deleting
 * models and versions, `modelUri`, `NotFoundError` for unknown names,
 * versions and aliases, and `InvalidArgumentError` for alias names that read
 * as versions.
 */
export function modelRegistrySuite(options: ModelRegistrySuiteOptions): void {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { capabilities } = options;

  describe(`${options.name}: model registry conformance`, () => {
    const registry = sharedComponent(options.create, async (component) => {
      try {
        for (const model of await component.listModels()) if (model.name.startsWith(base)) await component.deleteModel(model.name);
      } finally {
        await options.cleanup?.(component);
      }
    });
    const base = `kc-${uniqueToken()}`;
    let counter = 0;
    const modelName = (label: string) => `${base}-${label}-${counter++}`;
    let sources = 0;
    const source = (model: string) => {
      sources++;
      return options.source?.(model, sources) ?? `file:///tmp/koan-models/${model}/${sources}`;
    };
    /** Waits for a registry that copies files to finish; most are ready at once. */
    const ready = async (version: ModelVersionInfo): Promise<ModelVersionInfo> => {
      let current = version;
      for (let i = 0; current.status === "pending" && i < 120; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        current = await registry().getModelVersion(current.name, current.version);
      }
      expect(current.status).toBe("ready");
      return current;
    };

    it("identifies itself as a model registry", () => {
      const r = registry();
      expect(r.type).toBe("model_registry");
      expect(r.specVersion).toBe(1);
      expect(typeof r.flavor).toBe("string");
    });

    it("registers a model with description and tags, and refuses a taken name", async () => {
      const name = modelName("register");
      const model = await registry().registerModel(name, { description: "churn classifier", tags: { team: "growth", "owner.email": "ada@example.com" } });
      expect(model).toMatchObject({ name, description: "churn classifier", tags: { team: "growth", "owner.email": "ada@example.com" }, aliases: {} });
      expect(model.createdAt).toBeInstanceOf(Date);
      expect(model.updatedAt).toBeInstanceOf(Date);
      expect(await registry().getModel(name)).toMatchObject({ name, description: "churn classifier", tags: model.tags });
      await expectKoanError(registry().registerModel(name), AlreadyExistsError, "ALREADY_EXISTS");
      const bare = await registry().registerModel(modelName("bare"));
      expect(bare.description).toBeNull();
      expect(bare.tags).toEqual({});
    }, timeout);

    it("lists models sorted by name", async () => {
      const names = [modelName("list-c"), modelName("list-a"), modelName("list-b")];
      for (const name of names) await registry().registerModel(name);
      const all = (await registry().listModels()).map((m) => m.name);
      expect(all).toEqual([...all].sort());
      for (const name of names) expect(all).toContain(name);
    }, timeout);

    it("registers versions numbered upwards, registering the model on the fly", async () => {
      const name = modelName("versions");
      const src = source(name);
      const first = await ready(await registry().registerModelVersion({ name, source: src, description: "first cut", tags: { stage: "dev" } }));
      expect(first).toMatchObject({ name, version: "1", source: src, description: "first cut", tags: { stage: "dev" }, aliases: [] });
      expect(first.createdAt).toBeInstanceOf(Date);
      expect((await registry().getModel(name)).name).toBe(name);
      const second = await ready(await registry().registerModelVersion({ name, source: source(name) }));
      expect(Number(second.version)).toBeGreaterThan(Number(first.version));
      expect(second.description).toBeNull();
      expect(second.tags).toEqual({});
      expect(await registry().getModelVersion(name, first.version)).toMatchObject({ version: "1", source: src, description: "first cut" });
    }, timeout);

    it("lists the versions of a model newest first", async () => {
      const name = modelName("order");
      for (let i = 0; i < 4; i++) await registry().registerModelVersion({ name, source: source(name) });
      const versions = (await registry().listModelVersions(name)).map((v) => v.version);
      expect(versions).toEqual(["4", "3", "2", "1"]);
    }, timeout);

    itWith(capabilities.metadata, "round-trips a version's metadata as JSON", "this registry does not keep JSON metadata", async () => {
      const name = modelName("metadata");
      const created = await registry().registerModelVersion({ name, source: source(name), metadata: METADATA });
      expect(created.metadata).toEqual(METADATA);
      expect((await registry().getModelVersion(name, created.version)).metadata).toEqual(METADATA);
      const plain = await registry().registerModelVersion({ name, source: source(name) });
      expect(plain.metadata).toEqual({});
    }, timeout);

    itWith(capabilities.lineage, "records the run and step that produced a version", "this registry does not keep lineage", async () => {
      const name = modelName("lineage");
      const run = { pipeline: "training", runId: `run-${uniqueToken()}`, stepId: "train" };
      const created = await registry().registerModelVersion({ name, source: source(name), run });
      expect(created.run).toEqual(run);
      expect((await registry().getModelVersion(name, created.version)).run).toEqual(run);
      expect((await registry().registerModelVersion({ name, source: source(name) })).run).toBeNull();
    }, timeout);

    it("points an alias at a version, moves it when set again, and resolves it", async () => {
      const name = modelName("alias");
      const v1 = await registry().registerModelVersion({ name, source: source(name) });
      const v2 = await registry().registerModelVersion({ name, source: source(name) });
      await registry().setAlias(name, "champion", v1.version);
      expect((await registry().getVersionByAlias(name, "champion")).version).toBe(v1.version);
      expect((await registry().getModelVersion(name, v1.version)).aliases).toEqual(["champion"]);
      expect((await registry().getModel(name)).aliases).toEqual({ champion: v1.version });

      await registry().setAlias(name, "champion", v2.version);
      await registry().setAlias(name, "challenger", v2.version);
      expect((await registry().getVersionByAlias(name, "champion")).version).toBe(v2.version);
      expect((await registry().getModelVersion(name, v1.version)).aliases).toEqual([]);
      expect((await registry().getModelVersion(name, v2.version)).aliases).toEqual(["challenger", "champion"]);
      expect((await registry().getModel(name)).aliases).toEqual({ champion: v2.version, challenger: v2.version });

      await registry().deleteAlias(name, "challenger");
      await expectKoanError(registry().getVersionByAlias(name, "challenger"), NotFoundError, "NOT_FOUND");
      expect((await registry().getModelVersion(name, v2.version)).aliases).toEqual(["champion"]);
    }, timeout);

    it("refuses alias names that read as versions", async () => {
      const name = modelName("bad-alias");
      const v1 = await registry().registerModelVersion({ name, source: source(name) });
      for (const bad of ["latest", "v1", "V12", "", "has space", "1st"]) {
        const error = await expectKoanError(registry().setAlias(name, bad, v1.version), InvalidArgumentError, "INVALID_ARGUMENT");
        expect(error.message, `alias ${JSON.stringify(bad)}`).toContain("alias");
      }
      expect((await registry().getModel(name)).aliases).toEqual({});
      await registry().setAlias(name, "prod_2026-v2", v1.version);
      expect((await registry().getVersionByAlias(name, "prod_2026-v2")).version).toBe(v1.version);
    }, timeout);

    it("deletes a version with its aliases, keeping the numbering upwards", async () => {
      const name = modelName("delete-version");
      const v1 = await registry().registerModelVersion({ name, source: source(name) });
      const v2 = await registry().registerModelVersion({ name, source: source(name) });
      await registry().setAlias(name, "champion", v2.version);
      await registry().deleteModelVersion(name, v2.version);
      await expectKoanError(registry().getModelVersion(name, v2.version), NotFoundError, "NOT_FOUND");
      await expectKoanError(registry().getVersionByAlias(name, "champion"), NotFoundError, "NOT_FOUND");
      expect((await registry().getModel(name)).aliases).toEqual({});
      expect((await registry().listModelVersions(name)).map((v) => v.version)).toEqual([v1.version]);
      const v3 = await registry().registerModelVersion({ name, source: source(name) });
      expect(Number(v3.version)).toBeGreaterThan(Number(v1.version));
    }, timeout);

    it("deletes a model with all its versions; the name is free again", async () => {
      const name = modelName("delete-model");
      await registry().registerModelVersion({ name, source: source(name) });
      await registry().registerModelVersion({ name, source: source(name) });
      await registry().deleteModel(name);
      await expectKoanError(registry().getModel(name), NotFoundError, "NOT_FOUND");
      await expectKoanError(registry().listModelVersions(name), NotFoundError, "NOT_FOUND");
      expect((await registry().listModels()).map((m) => m.name)).not.toContain(name);
      const again = await registry().registerModelVersion({ name, source: source(name) });
      expect(again.version).toBe("1");
    }, timeout);

    it("raises NotFoundError for unknown models, versions and aliases", async () => {
      const missing = modelName("missing");
      await expectKoanError(registry().getModel(missing), NotFoundError, "NOT_FOUND");
      await expectKoanError(registry().deleteModel(missing), NotFoundError, "NOT_FOUND");
      await expectKoanError(registry().listModelVersions(missing), NotFoundError, "NOT_FOUND");
      await expectKoanError(registry().getModelVersion(missing, "1"), NotFoundError, "NOT_FOUND");
      await expectKoanError(registry().getVersionByAlias(missing, "champion"), NotFoundError, "NOT_FOUND");
      const name = modelName("present");
      const v1 = await registry().registerModelVersion({ name, source: source(name) });
      await expectKoanError(registry().getModelVersion(name, "99"), NotFoundError, "NOT_FOUND");
      await expectKoanError(registry().deleteModelVersion(name, "99"), NotFoundError, "NOT_FOUND");
      await expectKoanError(registry().setAlias(name, "champion", "99"), NotFoundError, "NOT_FOUND");
      await expectKoanError(registry().setAlias(missing, "champion", v1.version), NotFoundError, "NOT_FOUND");
      await expectKoanError(registry().getVersionByAlias(name, "champion"), NotFoundError, "NOT_FOUND");
      await expectKoanError(registry().deleteAlias(name, "champion"), NotFoundError, "NOT_FOUND");
    }, timeout);

    it("gives each version a URI that names the model and the version", () => {
      const uri = registry().modelUri("churn", "3");
      expect(uri).toContain("churn");
      expect(uri).toContain("3");
      expect(registry().modelUri("churn", "4")).not.toBe(uri);
      expect(registry().modelUri("other", "3")).not.toBe(uri);
    });
  });
}
