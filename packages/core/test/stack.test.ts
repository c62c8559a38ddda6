import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ComponentByType, ComponentType, JsonObject } from "../src/contracts.js";
import { InvalidConfigError, StackValidationError } from "../src/contracts.js";
import { LocalArtifactStore } from "../src/local/local-artifact-store.js";
import { localArtifactStore, localOrchestrator } from "../src/local/local-flavors.js";
import { LocalOrchestrator } from "../src/local/local-orchestrator.js";
import type { ComponentSpec, FlavorContext, StackRuleView } from "../src/registry/flavor.js";
import { defineFlavor } from "../src/registry/flavor.js";
import type { StackDefinition } from "../src/stack/define-stack.js";
import { defineStack, stackProblems } from "../src/stack/define-stack.js";
import { activateStack } from "../src/stack/resolve-stack.js";

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "koan-stack-"));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** What fake components report: created (with what) and closed. */
interface Journal {
  created: { type: string; name: string; config: unknown; context: FlavorContext }[];
  closed: string[];
}

function newJournal(): Journal {
  return { created: [], closed: [] };
}

/**
 * A real flavor (through defineFlavor) whose components only record their life.
 * `create` runs `before` first, so a test can make it wait or fail.
 */
function fakeFlavor<T extends ComponentType>(
  type: T,
  name: string,
  journal: Journal,
  options: {
    remote?: boolean;
    before?: () => Promise<void>;
    stackRules?: (stack: StackRuleView) => string[];
  } = {}
) {
  return defineFlavor({
    type,
    name,
    description: `fake ${type}`,
    remote: options.remote,
    configSchema: z.object({ label: z.string().default("default-label") }),
    async create(config, context) {
      await options.before?.();
      journal.created.push({ type, name, config, context });
      const component = {
        type,
        flavor: name,
        specVersion: 1 as const,
        isRemote: options.remote ?? false,
        async close() {
          journal.closed.push(`${type}/${context.componentName}`);
        },
      };
      return component as unknown as ComponentByType[T];
    },
    ...(options.stackRules ? { stackRules: options.stackRules } : {}),
  });
}

function validationError(fn: () => unknown): StackValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StackValidationError);
    return error as StackValidationError;
  }
  throw new Error("expected a StackValidationError");
}

const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
};

describe("defineStack", () => {
  it("accepts an orchestrator and an artifact store", () => {
    const orchestrator = localOrchestrator.configure({ concurrency: 2 });
    const artifactStore = localArtifactStore.configure({ path: "artifacts" });
    const stack = defineStack("dev", { orchestrator, artifactStore });
    expect(stack.name).toBe("dev");
    expect(stack.components.orchestrator).toBe(orchestrator);
    expect(stack.components.artifact_store).toBe(artifactStore);
    expect(Object.keys(stack.components).sort()).toEqual(["artifact_store", "orchestrator"]);
  });

  it("keeps optional components under their type", () => {
    const journal = newJournal();
    const alerter = fakeFlavor("alerter", "chat", journal).configure({});
    const tracker = fakeFlavor("experiment_tracker", "board", journal).configure(
      { label: "x" },
      { name: "team-board" }
    );
    const stack = defineStack("full", {
      orchestrator: localOrchestrator.configure({}),
      artifactStore: localArtifactStore.configure({}),
      alerter,
      experimentTracker: tracker,
    });
    expect(stack.components.alerter).toBe(alerter);
    expect(stack.components.experiment_tracker).toBe(tracker);
    expect(stack.components.experiment_tracker?.name).toBe("team-board");
    expect(journal.created).toEqual([]); // nothing is created by defining
  });

  it("refuses a stack without an orchestrator", () => {
    const definition = { artifactStore: localArtifactStore.configure({}) } as unknown as StackDefinition;
    const error = validationError(() => defineStack("no-orch", definition));
    expect(error.code).toBe("INVALID_STACK");
    expect(error.stackName).toBe("no-orch");
    expect(error.problems).toEqual(["an orchestrator is required"]);
    expect(error.message).toContain('"no-orch"');
    expect(error.message).toContain("an orchestrator is required");
  });

  it("refuses a stack without an artifact store", () => {
    const definition = { orchestrator: localOrchestrator.configure({}) } as unknown as StackDefinition;
    const error = validationError(() => defineStack("no-store", definition));
    expect(error.problems).toEqual(["an artifact store is required"]);
  });

  it("lists both problems when both are missing", () => {
    const journal = newJournal();
    const definition = { alerter: fakeFlavor("alerter", "chat", journal).configure({}) } as unknown as StackDefinition;
    const error = validationError(() => defineStack("empty", definition));
    expect(error.problems).toEqual(["an orchestrator is required", "an artifact store is required"]);
    expect(error.message).toContain("an orchestrator is required; an artifact store is required");
  });

  it("refuses a component of the wrong type in a slot (as JavaScript could pass)", () => {
    const store = localArtifactStore.configure({});
    const definition = {
      orchestrator: store as unknown as ComponentSpec<"orchestrator">,
      artifactStore: localArtifactStore.configure({ path: "a" }),
    };
    const error = validationError(() => defineStack("mixed-up", definition));
    expect(error.problems).toHaveLength(2);
    expect(error.problems[0]).toMatch(
      /"orchestrator" holds a component of type artifact_store \(flavor local\); it takes type orchestrator/
    );
    expect(error.problems[1]).toBe("an orchestrator is required");
  });

  it("refuses a wrong type in an optional slot, and names each misplaced component", () => {
    const journal = newJournal();
    const alerter = fakeFlavor("alerter", "chat", journal).configure({});
    const tracker = fakeFlavor("experiment_tracker", "board", journal).configure({});
    const definition = {
      orchestrator: localOrchestrator.configure({}),
      artifactStore: localArtifactStore.configure({}),
      experimentTracker: alerter as unknown as ComponentSpec<"experiment_tracker">,
      alerter: tracker as unknown as ComponentSpec<"alerter">,
    };
    const error = validationError(() => defineStack("swapped", definition));
    expect(error.problems).toHaveLength(2);
    expect(error.problems.some((p) => p.includes('"experimentTracker" holds a component of type alerter (flavor chat)'))).toBe(true);
    expect(error.problems.some((p) => p.includes('"alerter" holds a component of type experiment_tracker (flavor board)'))).toBe(true);
  });

  describe("flavor rules", () => {
    const journal = newJournal();
    const remoteOrchestrator = fakeFlavor("orchestrator", "fake-cluster", journal, { remote: true });
    const remoteStore = fakeFlavor("artifact_store", "fake-bucket", journal, { remote: true });

    it("a remote orchestrator with the local artifact store is refused with the rule's message", () => {
      const error = validationError(() =>
        defineStack("cloud", {
          orchestrator: remoteOrchestrator.configure({}),
          artifactStore: localArtifactStore.configure({}),
        })
      );
      expect(error.problems).toEqual([
        'the remote orchestrator "fake-cluster" cannot read a local artifact store; use a remote one (s3, gcs, azure)',
      ]);
      expect(error.message).toContain("cannot read a local artifact store");
    });

    it("a remote orchestrator with a remote artifact store is fine", () => {
      const stack = defineStack("cloud", {
        orchestrator: remoteOrchestrator.configure({}),
        artifactStore: remoteStore.configure({}),
      });
      expect(stack.components.orchestrator?.flavor).toBe("fake-cluster");
    });

    it("the local orchestrator with any artifact store is fine", () => {
      expect(() =>
        defineStack("hybrid", {
          orchestrator: localOrchestrator.configure({}),
          artifactStore: remoteStore.configure({}),
        })
      ).not.toThrow();
    });

    it("any flavor's rule sees the whole stack and adds its problems", () => {
      const seen: StackRuleView[] = [];
      const picky = fakeFlavor("step_operator", "picky", journal, {
        stackRules(stack) {
          seen.push(stack);
          return stack.flavors.container_registry
            ? []
            : ["the picky step operator needs a container registry", "and a second thing"];
        },
      });
      const error = validationError(() =>
        defineStack("ruled", {
          orchestrator: remoteOrchestrator.configure({}),
          artifactStore: localArtifactStore.configure({}),
          stepOperator: picky.configure({}),
        })
      );
      expect(error.problems).toContain("the picky step operator needs a container registry");
      expect(error.problems).toContain("and a second thing");
      expect(error.problems.some((p) => p.includes("cannot read a local artifact store"))).toBe(true);
      expect(error.problems).toHaveLength(3);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.name).toBe("ruled");
      expect(seen[0]?.flavors.orchestrator).toBe(remoteOrchestrator);
      expect(seen[0]?.flavors.artifact_store).toBe(localArtifactStore);
      expect(seen[0]?.flavors.step_operator).toBe(picky);

      const registry = fakeFlavor("container_registry", "images", journal);
      expect(() =>
        defineStack("ruled", {
          orchestrator: localOrchestrator.configure({}),
          artifactStore: localArtifactStore.configure({}),
          stepOperator: picky.configure({}),
          containerRegistry: registry.configure({}),
        })
      ).not.toThrow();
    });

    it("stackProblems reports the same problems for a stack that was not built by defineStack", () => {
      expect(
        stackProblems({
          name: "loaded",
          components: {
            orchestrator: remoteOrchestrator.configure({}),
            artifact_store: localArtifactStore.configure({}),
          },
        })
      ).toEqual([
        'the remote orchestrator "fake-cluster" cannot read a local artifact store; use a remote one (s3, gcs, azure)',
      ]);
      expect(stackProblems({ name: "bare", components: {} })).toEqual([
        "an orchestrator is required",
        "an artifact store is required",
      ]);
    });
  });

  it("a component's config is validated where it is configured, before the stack", () => {
    expect(() => localOrchestrator.configure({ concurrency: 0 })).toThrow(InvalidConfigError);
  });
});

describe("activateStack", () => {
  it("creates the local components against the repository root", async () => {
    const stack = defineStack("local", {
      orchestrator: localOrchestrator.configure({ concurrency: 3, failFast: false }),
      artifactStore: localArtifactStore.configure({ path: "arts" }, { name: "my-store" }),
    });
    const active = await activateStack(stack, root);
    try {
      expect(active.name).toBe("local");
      expect(active.components.orchestrator).toBeInstanceOf(LocalOrchestrator);
      expect((active.components.orchestrator as LocalOrchestrator).options).toEqual({
        concurrency: 3,
        failFast: false,
      });
      expect(active.components.artifactStore).toBeInstanceOf(LocalArtifactStore);
      expect((active.components.artifactStore as LocalArtifactStore).root).toBe(join(root, "arts"));
      // The created store works.
      await active.components.artifactStore.put("hello.txt", Buffer.from("hi"));
      expect(Buffer.from(await active.components.artifactStore.get("hello.txt")).toString()).toBe("hi");
    } finally {
      await active.close();
    }
  });

  it("the snapshot lists type -> { name, flavor, config } as plain JSON", async () => {
    const journal = newJournal();
    const stack = defineStack("snap", {
      orchestrator: localOrchestrator.configure({ concurrency: 2 }),
      artifactStore: localArtifactStore.configure({ path: "arts" }, { name: "my-store" }),
      alerter: fakeFlavor("alerter", "chat", journal).configure({ label: "ops" }, { name: "ops-chat" }),
    });
    const active = await activateStack(stack, root);
    try {
      expect(Object.keys(active.snapshot).sort()).toEqual(["alerter", "artifact_store", "orchestrator"]);
      expect(active.snapshot.orchestrator).toMatchObject({
        name: "local",
        flavor: "local",
        config: { concurrency: 2 },
      });
      expect(active.snapshot.artifact_store).toMatchObject({
        name: "my-store",
        flavor: "local",
        config: { path: "arts" },
      });
      expect(active.snapshot.alerter).toMatchObject({ name: "ops-chat", flavor: "chat", config: { label: "ops" } });
      for (const entry of Object.values(active.snapshot)) {
        expect(Object.keys(entry as JsonObject).sort()).toEqual(["config", "flavor", "name"]);
      }
      expect(JSON.parse(JSON.stringify(active.snapshot))).toStrictEqual(active.snapshot);
    } finally {
      await active.close();
    }
  });

  it("passes each component its parsed config, name and the repository root", async () => {
    const journal = newJournal();
    const stack = defineStack("ctx", {
      orchestrator: fakeFlavor("orchestrator", "fake-orch", journal).configure({}, { name: "orch-1" }),
      artifactStore: fakeFlavor("artifact_store", "fake-store", journal).configure({ label: "given" }),
    });
    const active = await activateStack(stack, root);
    await active.close();
    const byType = Object.fromEntries(journal.created.map((c) => [c.type, c]));
    expect(byType.orchestrator?.config).toEqual({ label: "default-label" });
    expect(byType.orchestrator?.context).toEqual({ componentName: "orch-1", repositoryRoot: root });
    expect(byType.artifact_store?.config).toEqual({ label: "given" });
    expect(byType.artifact_store?.context).toEqual({ componentName: "fake-store", repositoryRoot: root });
  });

  it("puts each component in its slot, and close() closes every one", async () => {
    const journal = newJournal();
    const stack = defineStack("slots", {
      orchestrator: fakeFlavor("orchestrator", "o", journal).configure({}),
      artifactStore: fakeFlavor("artifact_store", "s", journal).configure({}),
      experimentTracker: fakeFlavor("experiment_tracker", "t", journal).configure({}),
      modelDeployer: fakeFlavor("model_deployer", "d", journal).configure({}),
    });
    const active = await activateStack(stack, root);
    expect(active.components.orchestrator.flavor).toBe("o");
    expect(active.components.artifactStore.flavor).toBe("s");
    expect(active.components.experimentTracker?.flavor).toBe("t");
    expect(active.components.modelDeployer?.flavor).toBe("d");
    expect(active.components.alerter).toBeUndefined();
    expect(journal.closed).toEqual([]);
    await active.close();
    expect(journal.closed.sort()).toEqual([
      "artifact_store/s",
      "experiment_tracker/t",
      "model_deployer/d",
      "orchestrator/o",
    ]);
  });

  it("when one component's create throws, the ones already created are closed", async () => {
    const journal = newJournal();
    const failure = new Error("bucket credentials rejected");
    let orchestratorMade!: () => void;
    const orchestratorReady = new Promise<void>((r) => (orchestratorMade = r));
    const stack = defineStack("broken", {
      orchestrator: fakeFlavor("orchestrator", "o", journal, {
        before: async () => {
          await ticks(1);
          queueMicrotask(orchestratorMade);
        },
      }).configure({}),
      alerter: fakeFlavor("alerter", "a", journal).configure({}),
      artifactStore: fakeFlavor("artifact_store", "s", journal, {
        before: async () => {
          await orchestratorReady;
          await ticks(2);
          throw failure;
        },
      }).configure({}),
    });
    await expect(activateStack(stack, root)).rejects.toBe(failure);
    expect(journal.created.map((c) => c.type).sort()).toEqual(["alerter", "orchestrator"]);
    expect(journal.closed.sort()).toEqual(["alerter/a", "orchestrator/o"]);
  });

  it("a component still being created when another fails is closed once it exists", async () => {
    const journal = newJournal();
    const failure = new Error("tracker server unreachable");
    let slowDone!: () => void;
    const slowFinished = new Promise<void>((r) => (slowDone = r));
    const stack = defineStack("half-made", {
      orchestrator: fakeFlavor("orchestrator", "o", journal).configure({}),
      artifactStore: fakeFlavor("artifact_store", "slow", journal, {
        before: async () => {
          await ticks(20);
          setImmediate(slowDone);
        },
      }).configure({}),
      experimentTracker: fakeFlavor("experiment_tracker", "t", journal, {
        before: async () => {
          throw failure;
        },
      }).configure({}),
    });
    await expect(activateStack(stack, root)).rejects.toBe(failure);
    await slowFinished;
    await ticks(5);
    expect(journal.created.map((c) => c.type).sort()).toEqual(["artifact_store", "orchestrator"]);
    // Nothing made for a failed activation may be left open.
    expect(journal.closed.sort()).toEqual(["artifact_store/slow", "orchestrator/o"]);
  });

  it("an invalid stored config fails activation and closes what was made", async () => {
    const journal = newJournal();
    const orchestrator = fakeFlavor("orchestrator", "o", journal).configure({});
    const store = localArtifactStore.configure({ path: "ok" });
    // A config changed after configure() (or loaded from storage) is validated again on create.
    const tampered: ComponentSpec<"artifact_store"> = { ...store, config: { path: 42 } };
    const stack = defineStack("tampered", { orchestrator, artifactStore: tampered });
    await expect(activateStack(stack, root)).rejects.toBeInstanceOf(InvalidConfigError);
    await ticks(5);
    expect(journal.closed).toEqual(journal.created.map((c) => `${c.type}/${c.context.componentName}`));
  });
});
