import type { StackComponent } from "./component-type.js";

/** The kinds of visualization Koan knows how to show. */
export type VisualizationType = "html" | "markdown" | "csv" | "image" | "json";

/**
 * Something to show people about an artifact, a step or a report: produced
 * by materializers and components, stored with artifacts, shown by the
 * dashboard, the CLI and visualizers.
 *
 * `content` is text for `html`, `markdown`, `csv` and `json`, and bytes for
 * `image` (or a `data:` URL string). `mimeType` refines the type, e.g.
 * `"image/png"`, `"image/svg+xml"`; inferred from `type` when left out.
 */
export interface Visualization {
  readonly type: VisualizationType;
  /** A short title, unique among its siblings, e.g. `"confusion_matrix"`. */
  readonly name: string;
  readonly content: string | Uint8Array;
  readonly mimeType?: string;
}

/** What to render. */
export interface RenderRequest {
  /** Title of the report. */
  readonly title: string;
  readonly visualizations: readonly Visualization[];
}

/** A rendered report. */
export interface RenderedVisualization {
  /** A self-contained HTML document: images inlined, no external requests. */
  readonly html: string;
}

/** Turns visualizations into a report people can open, e.g. one HTML page. */
export interface Visualizer extends StackComponent<"visualizer"> {
  readonly specVersion: 1;
  /** Renders the visualizations, in order, into one document. */
  render(input: RenderRequest): Promise<RenderedVisualization>;
  /**
   * Renders and writes the document to a local file path, creating parent
   * directories; resolves with the absolute path written. Left out by
   * visualizers that only render.
   */
  save?(input: RenderRequest, path: string): Promise<string>;
}
