import { randomUUID } from "node:crypto";
import { AlreadyExistsError, NotFoundError } from "@koan/core";
import type {
  Annotation,
  AnnotationDataset,
  AnnotationItem,
  AnnotationTask,
  Annotator,
  CreateDatasetRequest,
  DatasetStats,
  JsonValue,
} from "@koan/core/contracts";

interface Dataset {
  readonly info: AnnotationDataset;
  readonly tasks: Map<string, { task: AnnotationTask; annotations: Annotation[] }>;
}

/**
 * Keeps datasets and tasks in memory. A client for a labeling tool (Label
 * Studio projects and tasks) maps the same calls onto the tool's API;
 * people then label in the tool's UI, which `label` stands in for here.
 */
export class TemplateAnnotator implements Annotator {
  readonly specVersion = 1 as const;
  readonly type = "annotator" as const;
  readonly flavor = "template";
  readonly #datasets = new Map<string, Dataset>();

  async listDatasets(): Promise<AnnotationDataset[]> {
    return [...this.#datasets.values()].map((d) => d.info);
  }

  async createDataset(request: CreateDatasetRequest): Promise<AnnotationDataset> {
    if (this.#datasets.has(request.name)) throw new AlreadyExistsError("dataset", request.name);
    const info: AnnotationDataset = { name: request.name, id: randomUUID(), createdAt: new Date() };
    this.#datasets.set(request.name, { info, tasks: new Map() });
    return info;
  }

  async deleteDataset(name: string): Promise<void> {
    this.#find(name);
    this.#datasets.delete(name);
  }

  async getDatasetStats(name: string): Promise<DatasetStats> {
    const tasks = [...this.#find(name).tasks.values()];
    const labeled = tasks.filter((t) => t.annotations.length > 0).length;
    return { labeled, unlabeled: tasks.length - labeled, total: tasks.length };
  }

  async addTasks(dataset: string, items: readonly AnnotationItem[]): Promise<string[]> {
    const { tasks } = this.#find(dataset);
    return items.map((item) => {
      const id = randomUUID();
      const task: AnnotationTask = item.externalId === undefined
        ? { id, data: structuredClone(item.data), annotations: [] }
        : { id, data: structuredClone(item.data), externalId: item.externalId, annotations: [] };
      tasks.set(id, { task, annotations: [] });
      return id;
    });
  }

  async getLabeled(dataset: string): Promise<AnnotationTask[]> {
    return this.#tasks(dataset).filter((t) => t.annotations.length > 0);
  }

  async getUnlabeled(dataset: string): Promise<AnnotationTask[]> {
    return this.#tasks(dataset).filter((t) => t.annotations.length === 0);
  }

  /** Records a person's labels for a task, as the tool's UI would. */
  async label(dataset: string, taskId: string, result: JsonValue, annotator = "someone"): Promise<Annotation> {
    const entry = this.#find(dataset).tasks.get(taskId);
    if (!entry) throw new NotFoundError("task", taskId);
    const annotation: Annotation = { id: randomUUID(), result: structuredClone(result), annotator, createdAt: new Date() };
    entry.annotations.push(annotation);
    return annotation;
  }

  #tasks(dataset: string): AnnotationTask[] {
    return [...this.#find(dataset).tasks.values()].map(({ task, annotations }) => ({ ...task, annotations: [...annotations] }));
  }

  #find(name: string): Dataset {
    const dataset = this.#datasets.get(name);
    if (!dataset) throw new NotFoundError("dataset", name, "List the datasets to see their names");
    return dataset;
  }
}
