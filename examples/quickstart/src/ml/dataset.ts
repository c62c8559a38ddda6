/**
 * The dataset shipped with the quickstart: data/customer-churn.csv
 * (see data/README.md for the column descriptions).
 */

import { readCsvFile, type ColumnKind, type Table } from "./csv.js";

/** Location of the CSV relative to the quickstart example's root folder. */
export const CHURN_CSV_RELATIVE_PATH = "data/customer-churn.csv";

/** The 0/1 target: 1 = the customer cancelled within the next 90 days. */
export const CHURN_LABEL = "churned";

/** Declared column kinds, so a malformed value fails loudly instead of turning a column categorical. */
export const CHURN_SCHEMA: Readonly<Record<string, ColumnKind>> = {
  age: "numeric",
  tenure_months: "numeric",
  contract: "categorical",
  num_products: "numeric",
  monthly_charges: "numeric",
  total_charges: "numeric",
  payment_method: "categorical",
  logins_per_week: "numeric",
  days_since_last_login: "numeric",
  support_tickets_90d: "numeric",
  late_payments_12m: "numeric",
  churned: "numeric",
};

/** Load the churn CSV from `path` with the declared schema. */
export function loadChurnDataset(path: string): Promise<Table> {
  return readCsvFile(path, { schema: CHURN_SCHEMA });
}
