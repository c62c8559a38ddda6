import { step, z } from "@koan/core";
import { CHURN_LABEL, stratifiedSplit } from "../ml/index.js";
import type { Row } from "../ml/index.js";

/** A stratified, seeded train/test split. */
export const splitData = step(
  {
    name: "split_data",
    outputs: ["train", "test"],
    params: z.object({ testFraction: z.number().gt(0).lt(1).default(0.2), seed: z.number().int().default(42) }),
  },
  ({ rows }: { rows: Row[] }, { testFraction, seed }) => stratifiedSplit(rows, (row) => row[CHURN_LABEL] as number, { testFraction, seed }),
);
