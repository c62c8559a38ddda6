// The runner script: `npm run quickstart` (from the repository root) builds
// and runs this. The run, its artifacts and the metadata database go to
// `.koan/` in the current folder, created on first use.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatRun } from "@koan/core";
import { runQuickstart } from "./run-quickstart.js";
import type { Selection } from "./steps/select-best.js";

const exampleRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const run = await runQuickstart({ exampleRoot, progress: true });
const selection = await run.step("select_best").output().load<Selection>();

console.log(`\n${formatRun(run)}\n`);
const scores = Object.entries(selection.scores).map(([model, score]) => `${model} ${score.toFixed(3)}`).join(", ");
console.log(`Best model: ${selection.winner} (${selection.metric}: ${scores})`);
console.log(`Run it again to see every step served from the cache.`);
