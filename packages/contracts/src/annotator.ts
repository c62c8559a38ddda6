import type { StackComponent } from "./component-type.js";
import type { JsonObject, JsonValue } from "./json.js";

/** A dataset (a Label Studio project) as the annotator lists it. */
export interface AnnotationDataset {
  /** Unique within the annotator; what the other methods take. */
  readonly name: string;
  /** The tool's own id, if it differs from the name. */
  readonly id?: string;
  readonly createdAt: Date | null;
}

/** How to create a dataset. */
export interface CreateDatasetRequest {
  readonly name: string;
  readonly description?: string;
  /**
   * The labeling setup in the tool's own format (a Label Studio labeling
   * config XML, a list of class names); flavors document what they accept.
   */
  readonly labelConfig?: string | JsonObject;
}

/** How many tasks of a dataset are labeled. */
export interface DatasetStats {
  readonly labeled: number;
  readonly unlabeled: number;
  readonly total: number;
}

/** One item to label: the data an annotator is shown. */
export interface AnnotationItem {
  /** Task data as the labeling config expects it, e.g. `{ "image": "s3://b/cat.png" }`. */
  readonly data: JsonObject;
  /** Model predictions to pre-annotate with, in the tool's own format. */
  readonly predictions?: readonly JsonValue[];
  /** Caller's own id, kept with the task so labels can be joined back. */
  readonly externalId?: string;
}

/** One annotation of a task by one person. */
export interface Annotation {
  readonly id: string;
  /** The labels, in the tool's own result format. */
  readonly result: JsonValue;
  /** Who labeled it, as the tool names them. */
  readonly annotator?: string;
  readonly createdAt: Date | null;
}

/** A task as stored in the annotator, with its annotations (empty while unlabeled). */
export interface AnnotationTask {
  readonly id: string;
  readonly data: JsonObject;
  readonly externalId?: string;
  readonly annotations: readonly Annotation[];
}

/**
 * Connects a pipeline to a data labeling tool: datasets of tasks that people
 * label in the tool's UI, and the labeled data read back for training.
 */
export interface Annotator extends StackComponent<"annotator"> {
  readonly specVersion: 1;
  /** Lists all datasets. */
  listDatasets(): Promise<AnnotationDataset[]>;
  /** Creates an empty dataset; `AlreadyExistsError` if the name is taken. */
  createDataset(request: CreateDatasetRequest): Promise<AnnotationDataset>;
  /** Deletes a dataset with its tasks and labels; `NotFoundError` if it does not exist. */
  deleteDataset(name: string): Promise<void>;
  /** Counts labeled and unlabeled tasks of a dataset. */
  getDatasetStats(name: string): Promise<DatasetStats>;
  /** Adds tasks to a dataset; resolves with the created tasks' ids, in order. */
  addTasks(dataset: string, items: readonly AnnotationItem[]): Promise<string[]>;
  /** Tasks with at least one annotation. */
  getLabeled(dataset: string): Promise<AnnotationTask[]>;
  /** Tasks without any annotation. */
  getUnlabeled(dataset: string): Promise<AnnotationTask[]>;
  /**
   * The address of the labeling UI, for a dataset or the tool's home page;
   * left out by flavors without a UI.
   */
  launchUrl?(dataset?: string): Promise<string>;
}
