declare const outputType: unique symbol;

/**
 * A step output inside a pipeline body: a DAG edge, not a value. Its type
 * parameter is the value the step returns there, so wiring it into an input
 * of another type is a compile error.
 */
export interface OutputHandle<T> {
  /** Phantom: carries `T` for the type checker; never set at run time. */
  readonly [outputType]?: T;
  /** The producing invocation's id. */
  readonly step: string;
  /** The output's name (`"output"` for single-output steps). */
  readonly output: string;
}

/** The runtime object behind an `OutputHandle`; remembers which pipeline build made it. */
export class Handle implements OutputHandle<never> {
  constructor(
    readonly buildId: symbol,
    readonly step: string,
    readonly output: string,
  ) {}
}

export const SINGLE_OUTPUT = "output";
