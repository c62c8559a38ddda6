/**
 * Generates data/customer-churn.csv: a synthetic but realistic-looking
 * subscription-churn table for the quickstart.
 *
 *   npx tsx scripts/generate-dataset.ts [output.csv]
 *
 * The output is a pure function of (rows, seed), so re-running the script
 * reproduces the committed CSV byte for byte (a test checks this). The script
 * deliberately has no imports from src/: the dataset must not change when the
 * library code evolves. It also uses only erasable TypeScript syntax, so on
 * Node >= 22.6 `node --experimental-strip-types` can run it too.
 *
 * How churn is simulated: each customer gets a hidden "engagement" level and
 * observable attributes; the churn log-odds is a mostly additive function of
 * those attributes plus two non-linear effects (a jump at 3+ support tickets,
 * and an extra risk for month-to-month customers on expensive plans), plus
 * unobserved noise. The label is drawn from the resulting probability, so no
 * model can be perfect.
 */

import { writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

export const DEFAULT_ROWS = 4000;
export const DEFAULT_SEED = 20240611;

export const COLUMNS = [
  "age",
  "tenure_months",
  "contract",
  "num_products",
  "monthly_charges",
  "total_charges",
  "payment_method",
  "logins_per_week",
  "days_since_last_login",
  "support_tickets_90d",
  "late_payments_12m",
  "churned",
] as const;

type Random = () => number;

/** mulberry32, identical to src/ml/random.ts but frozen here on purpose. */
function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rng: Random, mean = 0, sd = 1): number {
  // Box-Muller; 1 - u keeps the log argument in (0, 1].
  const u = 1 - rng();
  const v = rng();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function poisson(rng: Random, lambda: number): number {
  // Knuth's method; fine for the small rates used here.
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

function exponential(rng: Random, mean: number): number {
  return -mean * Math.log(1 - rng());
}

function pick<T>(rng: Random, options: readonly (readonly [T, number])[]): T {
  let u = rng();
  for (const [value, weight] of options) {
    if (u < weight) return value;
    u -= weight;
  }
  const last = options[options.length - 1];
  if (last === undefined) throw new Error("pick: no options");
  return last[0];
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

type Contract = "month-to-month" | "one-year" | "two-year";
type PaymentMethod = "credit-card" | "bank-transfer" | "electronic-check" | "mailed-check";

function generateCustomer(rng: Random): string {
  const contract = pick<Contract>(rng, [
    ["month-to-month", 0.5],
    ["one-year", 0.27],
    ["two-year", 0.23],
  ]);
  const paymentMethod = pick<PaymentMethod>(rng, [
    ["credit-card", 0.3],
    ["bank-transfer", 0.25],
    ["electronic-check", 0.33],
    ["mailed-check", 0.12],
  ]);
  const age = Math.round(clamp(normal(rng, 44, 14), 18, 85));

  // Longer contracts go with longer tenure.
  const tenureSkew = contract === "month-to-month" ? 1.7 : contract === "one-year" ? 0.95 : 0.6;
  const tenure = 1 + Math.floor(72 * rng() ** tenureSkew);
  const numProducts = clamp(1 + Math.floor(4.2 * rng() ** (2.2 - tenure / 72)), 1, 5);
  const monthlyCharges = clamp(22 + 15 * numProducts + normal(rng, 0, 13), 18.25, 119.95);
  const totalCharges = tenure * monthlyCharges * clamp(normal(rng, 1, 0.04), 0.85, 1.15);

  const engagement = normal(rng);
  const loginsPerWeek = clamp(4 + 2 * engagement + normal(rng, 0, 1), 0, 25);
  const daysSinceLastLogin = Math.min(120, Math.floor(exponential(rng, 6 * Math.exp(-0.6 * engagement))));
  const supportTickets = Math.min(12, poisson(rng, 0.7 + (contract === "month-to-month" ? 0.4 : 0) + 0.25 * Math.max(0, -engagement)));
  const latePayments = Math.min(8, poisson(rng, 0.35 + (paymentMethod === "electronic-check" ? 0.5 : 0) + (paymentMethod === "mailed-check" ? 0.25 : 0)));

  const contractEffect = contract === "month-to-month" ? 0.9 : contract === "one-year" ? -0.4 : -1.4;
  const logit =
    -0.9 +
    contractEffect -
    0.035 * tenure +
    (tenure <= 6 ? 0.6 : 0) +
    0.022 * (monthlyCharges - 65) +
    (supportTickets >= 3 ? 1.3 : 0.15 * supportTickets) -
    0.25 * (loginsPerWeek - 4) +
    0.03 * (Math.min(daysSinceLastLogin, 60) - 7) +
    0.3 * latePayments +
    (paymentMethod === "electronic-check" ? 0.45 : 0) +
    (contract === "month-to-month" && monthlyCharges > 85 ? 0.8 : 0) -
    0.2 * (numProducts - 1) +
    normal(rng, 0, 0.6) -
    0.004 * (age - 44);
  const churned = rng() < sigmoid(1.5 * logit + 1.6) ? 1 : 0;

  return [
    age,
    tenure,
    contract,
    numProducts,
    monthlyCharges.toFixed(2),
    totalCharges.toFixed(2),
    paymentMethod,
    loginsPerWeek.toFixed(1),
    daysSinceLastLogin,
    supportTickets,
    latePayments,
    churned,
  ].join(",");
}

export interface GenerateOptions {
  readonly rows?: number;
  readonly seed?: number;
}

/** The full CSV text (header + rows, trailing newline). Pure and deterministic. */
export function generateChurnCsv(options: GenerateOptions = {}): string {
  const rows = options.rows ?? DEFAULT_ROWS;
  const rng = mulberry32(options.seed ?? DEFAULT_SEED);
  const lines: string[] = [COLUMNS.join(",")];
  for (let i = 0; i < rows; i++) lines.push(generateCustomer(rng));
  return `${lines.join("\n")}\n`;
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  const output = process.argv[2] ?? fileURLToPath(new URL("../data/customer-churn.csv", import.meta.url));
  const csv = generateChurnCsv();
  writeFileSync(output, csv);
  console.log(`wrote ${DEFAULT_ROWS} rows (${csv.length} bytes) to ${output}`);
}
