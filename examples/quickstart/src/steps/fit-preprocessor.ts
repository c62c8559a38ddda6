import { step } from "@koan/core";
import { CHURN_LABEL, fitPreprocessor } from "../ml/index.js";
import type { Preprocessor, Row } from "../ml/index.js";

/** Standardization and one-hot levels, learned from the training rows only. */
export const fitPreprocessorStep = step(
  { name: "fit_preprocessor" },
  ({ train }: { train: Row[] }): Preprocessor => fitPreprocessor(train, { label: CHURN_LABEL }),
);
