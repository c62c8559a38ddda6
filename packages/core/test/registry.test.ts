import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Alerter, ArtifactStore, ComponentType, Orchestrator } from "../src/contracts.js";
import {
  COMPONENT_TYPES,
  InvalidConfigError,
  KoanError,
  UnknownComponentTypeError,
  UnknownFlavorError,
} from "../src/contracts.js";
import { LocalArtifactStore } from "../src/local/local-artifact-store.js";
import { localArtifactStore, localOrchestrator } from "../src/local/local-flavors.js";
import { LocalOrchestrator } from "../src/local/local-orchestrator.js";
import { flavors, registerFlavor } from "../src/registry/default-registry.js";
import type { AnyFlavor } from "../src/registry/flavor.js";
import { defineFlavor } from "../src/registry/flavor.js";
import { FlavorRegistry, isComponentType } from "../src/registry/flavor-registry.js";

/** A real (if tiny) alerter flavor whose config has nested fields, arrays and defaults. */
const chatAlerter = defineFlavor({
  type: "alerter",
  name: "chat",
  description: "Posts to a chat room",
  packageName: "@acme/chat",
  configSchema: z.object({
    url: z.string().url(),
    channel: z.string().min(1).default("#ml"),
    retries: z.number().int().min(0).default(3),
    auth: z
      .object({
        token: z.string().min(10),
        scheme: z.enum(["bearer", "basic"]).default("bearer"),
      })
      .optional(),
    mentions: z.array(z.object({ user: z.string().min(1) })).default([]),
  }),
  async create(config) {
    return {
      type: "alerter" as const,
      flavor: "chat",
      specVersion: 1 as const,
      config,
      async post() {},
      async ask() {
        return "approve" as const;
      },
    } as unknown as Alerter;
  },
});

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("defineFlavor", () => {
  it("keeps the definition's fields", () => {
    expect(chatAlerter.type).toBe("alerter");
    expect(chatAlerter.name).toBe("chat");
    expect(chatAlerter.description).toBe("Posts to a chat room");
    expect(chatAlerter.packageName).toBe("@acme/chat");
    expect(chatAlerter.remote).toBeUndefined();
  });

  describe("configure", () => {
    it("accepts a valid config and returns a component spec", () => {
      const spec = chatAlerter.configure({ url: "https://chat.example.com/hook", auth: { token: "0123456789abc" } });
      expect(spec.type).toBe("alerter");
      expect(spec.flavor).toBe("chat");
      expect(spec.name).toBe("chat");
      expect(spec.config).toEqual({ url: "https://chat.example.com/hook", auth: { token: "0123456789abc" } });
      expect(spec.flavorDefinition).toBe(chatAlerter);
    });

    it("takes a registered name", () => {
      const spec = chatAlerter.configure({ url: "https://chat.example.com/hook" }, { name: "team-alerts" });
      expect(spec.name).toBe("team-alerts");
      expect(spec.flavor).toBe("chat");
    });

    it("refuses an invalid top-level field, naming the field and the flavor", () => {
      const error = caught(() => chatAlerter.configure({ url: "not a url" }));
      expect(error).toBeInstanceOf(InvalidConfigError);
      const invalid = error as InvalidConfigError;
      expect(invalid.code).toBe("INVALID_CONFIG");
      expect(invalid.flavor).toBe("alerter/chat");
      expect(invalid.issues.map((i) => i.path)).toEqual(["url"]);
      expect(invalid.issues[0]?.message).toBeTruthy();
      expect(invalid.message).toContain('"alerter/chat"');
      expect(invalid.message).toContain("at url:");
    });

    it("names a nested field path", () => {
      const error = caught(() =>
        chatAlerter.configure({ url: "https://x.example", auth: { token: "short" } })
      ) as InvalidConfigError;
      expect(error).toBeInstanceOf(InvalidConfigError);
      expect(error.issues.map((i) => i.path)).toEqual(["auth.token"]);
      expect(error.message).toContain("at auth.token:");
    });

    it("names a field inside an array element", () => {
      const error = caught(() =>
        chatAlerter.configure({ url: "https://x.example", mentions: [{ user: "ann" }, { user: "" }] })
      ) as InvalidConfigError;
      expect(error).toBeInstanceOf(InvalidConfigError);
      expect(error.issues.map((i) => i.path)).toEqual(["mentions[1].user"]);
      expect(error.message).toContain("mentions[1].user");
    });

    it("lists every failing field in .issues and counts the rest in the message", () => {
      const error = caught(() =>
        chatAlerter.parseConfig({ url: 5, retries: -1, auth: { token: "0123456789", scheme: "digest" } })
      ) as InvalidConfigError;
      expect(error).toBeInstanceOf(InvalidConfigError);
      expect(error.issues.map((i) => i.path).sort()).toEqual(["auth.scheme", "retries", "url"]);
      expect(error.message).toContain("(and 2 more)");
    });

    it("names a missing required field", () => {
      const error = caught(() => chatAlerter.configure({} as { url: string })) as InvalidConfigError;
      expect(error).toBeInstanceOf(InvalidConfigError);
      expect(error.issues.map((i) => i.path)).toEqual(["url"]);
    });

    it("refuses a config that is not an object, at the root", () => {
      const error = caught(() => chatAlerter.parseConfig("url=https://x")) as InvalidConfigError;
      expect(error).toBeInstanceOf(InvalidConfigError);
      expect(error.issues[0]?.path).toBe("");
      expect(error.message).toContain("(root)");
    });
  });

  describe("parseConfig", () => {
    it("applies defaults", () => {
      expect(chatAlerter.parseConfig({ url: "https://x.example" })).toEqual({
        url: "https://x.example",
        channel: "#ml",
        retries: 3,
        mentions: [],
      });
    });

    it("applies nested defaults and keeps given values", () => {
      expect(chatAlerter.parseConfig({ url: "https://x.example", retries: 0, auth: { token: "0123456789" } })).toEqual({
        url: "https://x.example",
        channel: "#ml",
        retries: 0,
        auth: { token: "0123456789", scheme: "bearer" },
        mentions: [],
      });
    });

    it("treats a missing config as empty, so an all-defaults flavor needs none", () => {
      expect(localArtifactStore.parseConfig(undefined)).toEqual({ path: join(".koan", "artifacts") });
      expect(localArtifactStore.parseConfig(null)).toEqual({ path: join(".koan", "artifacts") });
      const orchestratorConfig = localOrchestrator.parseConfig(undefined) as { concurrency: number; failFast: boolean };
      expect(orchestratorConfig.failFast).toBe(true);
      expect(Number.isInteger(orchestratorConfig.concurrency)).toBe(true);
      expect(orchestratorConfig.concurrency).toBeGreaterThanOrEqual(4);
    });

    it("validates the local flavors' own fields", () => {
      const zero = caught(() => localOrchestrator.configure({ concurrency: 0 })) as InvalidConfigError;
      expect(zero).toBeInstanceOf(InvalidConfigError);
      expect(zero.flavor).toBe("orchestrator/local");
      expect(zero.issues[0]?.path).toBe("concurrency");
      expect(() => localOrchestrator.configure({ concurrency: 2.5 })).toThrow(InvalidConfigError);
      const empty = caught(() => localArtifactStore.configure({ path: "" })) as InvalidConfigError;
      expect(empty).toBeInstanceOf(InvalidConfigError);
      expect(empty.flavor).toBe("artifact_store/local");
      expect(empty.issues[0]?.path).toBe("path");
    });
  });

  describe("createComponent", () => {
    let root: string;
    beforeEach(async () => {
      root = await mkdtemp(join(tmpdir(), "koan-registry-"));
    });
    afterEach(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it("validates the config, applies defaults and builds the component", async () => {
      const store = (await localArtifactStore.createComponent(
        { path: "arts" },
        {
          componentName: "local",
          repositoryRoot: root,
        }
      )) as ArtifactStore;
      expect(store).toBeInstanceOf(LocalArtifactStore);
      expect((store as LocalArtifactStore).root).toBe(join(root, "arts"));

      const byDefault = (await localArtifactStore.createComponent(undefined, {
        componentName: "local",
        repositoryRoot: root,
      })) as LocalArtifactStore;
      expect(byDefault.root).toBe(join(root, ".koan", "artifacts"));

      const absolute = join(root, "elsewhere");
      const atAbsolute = (await localArtifactStore.createComponent(
        { path: absolute },
        {
          componentName: "local",
          repositoryRoot: "/somewhere/else",
        }
      )) as LocalArtifactStore;
      expect(atAbsolute.root).toBe(absolute);

      const orchestrator = (await localOrchestrator.createComponent(
        { concurrency: 2 },
        {
          componentName: "local",
          repositoryRoot: root,
        }
      )) as Orchestrator;
      expect(orchestrator).toBeInstanceOf(LocalOrchestrator);
      expect((orchestrator as LocalOrchestrator).options).toEqual({ concurrency: 2, failFast: true });
    });

    it("refuses an invalid config before creating anything", async () => {
      await expect(
        localOrchestrator.createComponent({ concurrency: -3 }, { componentName: "local", repositoryRoot: root })
      ).rejects.toBeInstanceOf(InvalidConfigError);
    });
  });
});

function makeFlavor(
  type: ComponentType,
  name: string,
  extra: Partial<{ packageName: string; remote: boolean }> = {}
): AnyFlavor {
  return defineFlavor({
    type,
    name,
    description: `${type} ${name}`,
    configSchema: z.object({}),
    ...extra,
    async create() {
      throw new Error("not used in these tests");
    },
  });
}

describe("FlavorRegistry", () => {
  it("registers and resolves by type and name", () => {
    const registry = new FlavorRegistry();
    const s3 = makeFlavor("artifact_store", "s3");
    const k8s = makeFlavor("orchestrator", "kubernetes");
    registry.register(s3);
    registry.register(k8s);
    expect(registry.resolve("artifact_store", "s3")).toBe(s3);
    expect(registry.resolve("orchestrator", "kubernetes")).toBe(k8s);
    expect(registry.has("artifact_store", "s3")).toBe(true);
    expect(registry.has("orchestrator", "s3")).toBe(false);
  });

  it("keeps flavors of the same name apart by type", () => {
    const registry = new FlavorRegistry();
    const store = makeFlavor("artifact_store", "mlflow");
    const tracker = makeFlavor("experiment_tracker", "mlflow");
    const deployer = makeFlavor("model_deployer", "mlflow");
    for (const flavor of [store, tracker, deployer]) registry.register(flavor);
    expect(registry.resolve("artifact_store", "mlflow")).toBe(store);
    expect(registry.resolve("experiment_tracker", "mlflow")).toBe(tracker);
    expect(registry.resolve("model_deployer", "mlflow")).toBe(deployer);
  });

  it("lists flavors sorted by type, then name, and by one type", () => {
    const registry = new FlavorRegistry();
    const names: [ComponentType, string][] = [
      ["orchestrator", "local"],
      ["artifact_store", "s3"],
      ["orchestrator", "airflow"],
      ["alerter", "slack"],
      ["artifact_store", "gcs"],
      ["artifact_store", "azure"],
      ["visualizer", "dag"],
    ];
    for (const [type, name] of names) registry.register(makeFlavor(type, name));
    expect(registry.list().map((f) => `${f.type}/${f.name}`)).toEqual([
      "alerter/slack",
      "artifact_store/azure",
      "artifact_store/gcs",
      "artifact_store/s3",
      "orchestrator/airflow",
      "orchestrator/local",
      "visualizer/dag",
    ]);
    expect(registry.list("artifact_store").map((f) => f.name)).toEqual(["azure", "gcs", "s3"]);
    expect(registry.list("orchestrator").map((f) => f.name)).toEqual(["airflow", "local"]);
    expect(registry.list("annotator")).toEqual([]);
    expect(new FlavorRegistry().list()).toEqual([]);
  });

  it("refuses a second flavor with the same type and name, naming its package", () => {
    const registry = new FlavorRegistry();
    registry.register(makeFlavor("alerter", "slack", { packageName: "@koan/slack" }));
    const error = caught(() => registry.register(makeFlavor("alerter", "slack"))) as KoanError;
    expect(error).toBeInstanceOf(KoanError);
    expect(error.code).toBe("FLAVOR_EXISTS");
    expect(error.message).toContain('alerter flavor named "slack"');
    expect(error.message).toContain("@koan/slack");
    // The first one stays.
    expect(registry.resolve("alerter", "slack").packageName).toBe("@koan/slack");
    expect(registry.list("alerter")).toHaveLength(1);
  });

  it("registering the same flavor object twice is fine", () => {
    const registry = new FlavorRegistry();
    const flavor = makeFlavor("step_operator", "local-process");
    registry.register(flavor);
    expect(() => registry.register(flavor)).not.toThrow();
    expect(registry.list()).toEqual([flavor]);
  });

  it("an unknown flavor raises UnknownFlavorError listing the known ones of that type", () => {
    const registry = new FlavorRegistry();
    registry.register(makeFlavor("artifact_store", "s3"));
    registry.register(makeFlavor("artifact_store", "gcs"));
    registry.register(makeFlavor("orchestrator", "local"));
    const error = caught(() => registry.resolve("artifact_store", "hdfs")) as UnknownFlavorError;
    expect(error).toBeInstanceOf(UnknownFlavorError);
    expect(error.code).toBe("UNKNOWN_FLAVOR");
    expect(error.componentType).toBe("artifact_store");
    expect(error.flavor).toBe("hdfs");
    expect(error.known).toEqual(["gcs", "s3"]);
    expect(error.message).toContain('"hdfs"');
    expect(error.message).toContain("gcs, s3");
    expect(error.message).not.toContain("local");
    expect(error.message).toMatch(/registerFlavor/);
  });

  it("an unknown flavor of a type with no flavors says there are none", () => {
    const error = caught(() => new FlavorRegistry().resolve("annotator", "label-studio")) as UnknownFlavorError;
    expect(error).toBeInstanceOf(UnknownFlavorError);
    expect(error.known).toEqual([]);
    expect(error.message).toContain("Known flavors: none");
  });

  it("an unknown component type raises UnknownComponentTypeError on resolve and register", () => {
    const registry = new FlavorRegistry();
    const onResolve = caught(() => registry.resolve("artifact-store", "local")) as UnknownComponentTypeError;
    expect(onResolve).toBeInstanceOf(UnknownComponentTypeError);
    expect(onResolve.code).toBe("UNKNOWN_COMPONENT_TYPE");
    expect(onResolve.componentType).toBe("artifact-store");
    expect(onResolve.message).toContain('"artifact-store"');
    expect(onResolve.message).toContain("artifact_store");

    const bogus = makeFlavor("orchestrator", "x");
    const wrongType = { ...bogus, type: "scheduler" } as unknown as AnyFlavor;
    expect(() => registry.register(wrongType)).toThrow(UnknownComponentTypeError);
    expect(registry.list()).toEqual([]);
  });

  it("isComponentType knows all thirteen types and nothing else", () => {
    expect(COMPONENT_TYPES).toHaveLength(13);
    for (const type of COMPONENT_TYPES) expect(isComponentType(type)).toBe(true);
    for (const other of ["", "Orchestrator", "artifact-store", "artifactStore", "stack", "constructor", "toString"]) {
      expect(isComponentType(other)).toBe(false);
    }
  });
});

describe("the default registry", () => {
  it("has core's local orchestrator and local artifact store", () => {
    expect(flavors.resolve("orchestrator", "local")).toBe(localOrchestrator);
    expect(flavors.resolve("artifact_store", "local")).toBe(localArtifactStore);
    expect(flavors.has("orchestrator", "local")).toBe(true);
    expect(flavors.has("artifact_store", "local")).toBe(true);
    expect(localOrchestrator.packageName).toBe("@koan/core");
    expect(localArtifactStore.packageName).toBe("@koan/core");
    expect(localOrchestrator.remote).toBeFalsy();
    expect(localArtifactStore.remote).toBeFalsy();
  });

  it("refuses a different flavor that takes a core name", () => {
    const error = caught(() => registerFlavor(makeFlavor("orchestrator", "local"))) as KoanError;
    expect(error.code).toBe("FLAVOR_EXISTS");
    expect(error.message).toContain("@koan/core");
    expect(flavors.resolve("orchestrator", "local")).toBe(localOrchestrator);
    expect(() => registerFlavor(localArtifactStore)).not.toThrow();
  });

  it("registerFlavor adds to it", () => {
    const flavor = makeFlavor("container_registry", "registry-test-default");
    registerFlavor(flavor);
    expect(flavors.resolve("container_registry", "registry-test-default")).toBe(flavor);
    expect(flavors.list("container_registry").map((f) => f.name)).toContain("registry-test-default");
    expect(flavors.list("orchestrator").map((f) => f.name)).toContain("local");
  });
});

describe("config typos", () => {
  it("refuses fields a plain zod object would silently drop, naming them and the known ones", async () => {
    const { localArtifactStore } = await import("../src/local/local-flavors.js");
    const { InvalidConfigError } = await import("@koan/contracts");
    expect(() => localArtifactStore.configure({ pth: "x" } as never)).toThrow(InvalidConfigError);
    expect(() => localArtifactStore.configure({ pth: "x" } as never)).toThrow(/at pth: unknown field; known fields: path/);
  });

  it("keeps a copy of the config, so later changes cannot bypass validation", async () => {
    const { localOrchestrator } = await import("../src/local/local-flavors.js");
    const config = { concurrency: 2 };
    const spec = localOrchestrator.configure(config);
    config.concurrency = -1;
    expect(spec.config).toEqual({ concurrency: 2 });
  });
});
