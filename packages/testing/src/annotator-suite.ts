import { describe, expect, it } from "vitest";
import { AlreadyExistsError, NotFoundError } from "@koan/core";
import type { AnnotationItem, Annotator, JsonValue } from "@koan/core/contracts";
import { expectKoanError } from "./expect-error.js";
import { DEFAULT_TIMEOUT_MS, itWith, sharedComponent, uniqueToken } from "./suite.js";
import type { SuiteOptions } from "./suite.js";

export interface AnnotatorSuiteOptions extends SuiteOptions<Annotator> {
  readonly capabilities: {
    /** The tool has a labeling UI: `launchUrl` exists and returns its address. */
    readonly ui: boolean;
  };
  /**
   * Labels a task as a person would in the tool's UI (through the tool's
   * API). Without it the suite cannot check labeled data.
   */
  label?(dataset: string, taskId: string, result: JsonValue): Promise<void>;
}

/**
 * The annotator contract: datasets created, listed and deleted (typed
 * errors for taken and missing names), tasks added in order with their data
 * and external ids, stats, labeled and unlabeled tasks, and the UI address.
 */
export function annotatorSuite(options: AnnotatorSuiteOptions): void {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { label } = options;
  const noLabel = "no label hook to annotate a task as a person would";

  describe(`${options.name}: annotator conformance`, () => {
    const annotator = sharedComponent(options.create, async (component) => {
      try {
        for (const dataset of await component.listDatasets()) if (dataset.name.startsWith(base)) await component.deleteDataset(dataset.name);
      } finally {
        await options.cleanup?.(component);
      }
    });
    const base = `kc-${uniqueToken()}`;
    let counter = 0;
    const datasetName = (tag: string) => `${base}-${tag}-${counter++}`;
    const items: readonly AnnotationItem[] = [
      { data: { image: "s3://bucket/cat.png" }, externalId: "cat" },
      { data: { image: "s3://bucket/dog.png" }, externalId: "dog", predictions: [{ label: "dog", score: 0.8 }] },
      { data: { image: "s3://bucket/bird.png", note: "ünïcode ✓" } },
    ];

    it("identifies itself as an annotator", () => {
      const a = annotator();
      expect(a.type).toBe("annotator");
      expect(a.specVersion).toBe(1);
      expect(typeof a.flavor).toBe("string");
    });

    it("creates a dataset that is then listed; a taken name raises AlreadyExistsError", async () => {
      const name = datasetName("create");
      const created = await annotator().createDataset({ name, description: "conformance", labelConfig: { labels: ["cat", "dog"] } });
      expect(created.name).toBe(name);
      expect(created.createdAt === null || created.createdAt instanceof Date).toBe(true);
      expect((await annotator().listDatasets()).map((d) => d.name)).toContain(name);
      await expectKoanError(annotator().createDataset({ name }), AlreadyExistsError, "ALREADY_EXISTS");
    }, timeout);

    it("adds tasks in order and counts them as unlabeled", async () => {
      const name = datasetName("tasks");
      await annotator().createDataset({ name });
      const ids = await annotator().addTasks(name, items);
      expect(ids.length).toBe(items.length);
      expect(new Set(ids).size).toBe(items.length);
      expect(await annotator().getDatasetStats(name)).toEqual({ labeled: 0, unlabeled: 3, total: 3 });
      const unlabeled = await annotator().getUnlabeled(name);
      expect(unlabeled.map((t) => t.id).sort()).toEqual([...ids].sort());
      const byId = new Map(unlabeled.map((t) => [t.id, t]));
      for (const [i, id] of ids.entries()) {
        const task = byId.get(id);
        expect(task?.data).toEqual(items[i]?.data);
        expect(task?.externalId).toBe(items[i]?.externalId);
        expect(task?.annotations).toEqual([]);
      }
      expect(await annotator().getLabeled(name)).toEqual([]);
      const more = await annotator().addTasks(name, [{ data: { image: "s3://bucket/fish.png" } }]);
      expect(more.length).toBe(1);
      expect((await annotator().getDatasetStats(name)).total).toBe(4);
    }, timeout);

    itWith(
      label !== undefined,
      "a labeled task moves from unlabeled to labeled, with its annotation",
      noLabel,
      async () => {
        const name = datasetName("labels");
        await annotator().createDataset({ name });
        const [catId, dogId] = await annotator().addTasks(name, items);
        const result = [{ from_name: "label", value: { choices: ["cat"] } }];
        await (label as NonNullable<typeof label>)(name, catId as string, result);
        expect(await annotator().getDatasetStats(name)).toEqual({ labeled: 1, unlabeled: 2, total: 3 });
        const labeled = await annotator().getLabeled(name);
        expect(labeled.map((t) => t.id)).toEqual([catId]);
        expect(labeled[0]?.externalId).toBe("cat");
        expect(labeled[0]?.annotations.length).toBe(1);
        expect(labeled[0]?.annotations[0]?.result).toEqual(result);
        expect(typeof labeled[0]?.annotations[0]?.id).toBe("string");
        expect((await annotator().getUnlabeled(name)).map((t) => t.id)).not.toContain(catId);
        expect((await annotator().getUnlabeled(name)).map((t) => t.id)).toContain(dogId);
      },
      timeout,
    );

    it("deleting a dataset removes it; missing datasets raise NotFoundError", async () => {
      const name = datasetName("delete");
      await annotator().createDataset({ name });
      await annotator().addTasks(name, items);
      await annotator().deleteDataset(name);
      expect((await annotator().listDatasets()).map((d) => d.name)).not.toContain(name);
      for (const action of [
        () => annotator().deleteDataset(name),
        () => annotator().getDatasetStats(name),
        () => annotator().addTasks(name, items),
        () => annotator().getLabeled(name),
        () => annotator().getUnlabeled(name),
      ]) {
        await expectKoanError(action, NotFoundError, "NOT_FOUND");
      }
      // The name is free again, and the new dataset starts empty.
      await annotator().createDataset({ name });
      expect(await annotator().getDatasetStats(name)).toEqual({ labeled: 0, unlabeled: 0, total: 0 });
    }, timeout);

    itWith(
      options.capabilities.ui,
      "launchUrl gives the labeling UI's address, for the tool and for a dataset",
      "this annotator has no UI",
      async () => {
        const launchUrl = annotator().launchUrl;
        expect(typeof launchUrl).toBe("function");
        const name = datasetName("ui");
        await annotator().createDataset({ name });
        const home = await annotator().launchUrl?.();
        const forDataset = await annotator().launchUrl?.(name);
        expect(() => new URL(home as string)).not.toThrow();
        expect(() => new URL(forDataset as string)).not.toThrow();
      },
      timeout,
    );

    itWith(
      !options.capabilities.ui,
      "without a UI, launchUrl is left out",
      "this annotator has a UI",
      () => {
        expect(annotator().launchUrl).toBeUndefined();
      },
      timeout,
    );
  });
}
