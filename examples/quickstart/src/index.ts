export { churnTraining } from "./pipeline.js";
export { runQuickstart } from "./run-quickstart.js";
export type { Selection } from "./steps/select-best.js";
export type { Evaluation } from "./steps/evaluate.js";
