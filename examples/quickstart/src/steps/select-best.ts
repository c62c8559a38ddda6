import { step, z } from "@koan/core";
import type { Evaluation } from "./evaluate.js";
import type { ChurnModel } from "./train.js";

export interface Selection {
  readonly winner: ChurnModel["kind"];
  readonly metric: "accuracy" | "f1" | "rocAuc";
  readonly scores: Readonly<Record<string, number>>;
  readonly model: ChurnModel;
}

/** Picks the model with the better score on the chosen metric. */
export const selectBest = step(
  { name: "select_best", params: z.object({ metric: z.enum(["accuracy", "f1", "rocAuc"]).default("rocAuc") }) },
  (
    { lr, tree, lrModel, treeModel }: { lr: Evaluation; tree: Evaluation; lrModel: ChurnModel; treeModel: ChurnModel },
    { metric },
    ctx,
  ): Selection => {
    const score = (e: Evaluation) => e.metrics[metric] ?? 0;
    const lrWins = score(lr) >= score(tree);
    const winner = lrWins ? lr : tree;
    ctx.logger.info(`${winner.model} wins on ${metric}: ${score(lr).toFixed(3)} vs ${score(tree).toFixed(3)}`);
    return {
      winner: winner.model,
      metric,
      scores: { [lr.model]: score(lr), [tree.model]: score(tree) },
      model: lrWins ? lrModel : treeModel,
    };
  },
);
