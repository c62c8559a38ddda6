import type { Stack } from "../stack/define-stack.js";

export interface RunOptions<P = unknown> {
  /** The pipeline's params, checked by its schema. */
  readonly params?: P;
  /** A stack defined in code, or the name of a registered one. Default: the repository's active stack. */
  readonly stack?: Stack | string;
  /** Overrides every step's and the pipeline's cache setting for this run. */
  readonly enableCache?: boolean;
  /** A name for the run; default `<pipeline>-<timestamp>-<random>`. Must be unique. */
  readonly runName?: string;
  /** The project folder holding `.koan/`; default: found from the current folder, created there if missing. */
  readonly repository?: string;
  /** Print a line per step as it ends (default: true when stdout is a terminal). */
  readonly progress?: boolean;
}
