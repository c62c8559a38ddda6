// Renders results as markdown (terminal and docs/benchmarks.md) and keeps the
// generated part of the docs between markers, so hand-written sections stay.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { machineLine } from "./machine.mjs";

export const START = "<!-- bench:start -->";
export const END = "<!-- bench:end -->";

/** A markdown table; `left` lists the columns aligned left (default: the first), the rest align right. */
export function table(head, rows, left = [0]) {
  const cells = [head, ...rows].map((r) => r.map((c) => String(c ?? "")));
  const widths = head.map((_, i) => Math.max(3, ...cells.map((r) => (r[i] ?? "").length)));
  const isLeft = (i) => left.includes(i);
  const line = (r) => `| ${r.map((c, i) => (isLeft(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  const rule = `| ${widths.map((w, i) => (isLeft(i) ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)).join(" | ")} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join("\n");
}

function mark(met) {
  return met === true ? "meets" : met === false ? "**misses**" : "not measured";
}

/** One workload's section: title, what it measures, tables, targets, notes. */
export function renderWorkload(result) {
  const out = [`### ${result.title}`, ""];
  if (result.description) out.push(result.description, "");
  if (result.error) out.push(`**Failed:** ${result.error.split("\n")[0]}`, "");
  for (const t of result.tables ?? []) {
    if (t.caption) out.push(t.caption, "");
    out.push(table(t.head, t.rows), "");
  }
  for (const target of result.targets ?? []) out.push(`- Target: ${target.label}: ${mark(target.met)}${target.detail ? ` (${target.detail})` : ""}`);
  if (result.targets?.length) out.push("");
  for (const note of result.notes ?? []) out.push(`${note}`, "");
  return out.join("\n");
}

export function renderSummary(results) {
  const rows = [];
  for (const r of results) {
    for (const t of r.targets ?? []) rows.push([r.short ?? r.title, t.label, t.value ?? "—", mark(t.met)]);
    if (r.error) rows.push([r.short ?? r.title, "ran", "failed", "**error**"]);
  }
  return table(["workload", "target", "measured", "result"], rows, [0, 1, 3]);
}

const INTRO = `## Koan against ZenML

\`bench/\` runs six workloads with Koan and with ZenML, the reference
implementation (the equivalent pipelines written in Python), alternating the
two, several rounds each, and reports medians and the Koan/ZenML ratio of
times (below 1 means Koan is faster; the speed-up column is its inverse).
This section is rewritten by \`npm run bench\`; the rest of this file is not.

### How to reproduce

With Node.js 20 and Python 3.10 or later (with \`venv\`), in a clone after \`npm ci\`:

\`\`\`sh
npm run bench                               # everything (about half an hour); rewrites this section
npm run bench:quick                         # small sizes, both tools, under a minute a workload; writes nothing
node bench/run.mjs --only chain,fanout      # some workloads: cli, noop, cached, chain, fanout, artifacts, metadata
node bench/run.mjs --quick --koan-only      # Koan only, small sizes, no Python: what CI runs
node bench/run.mjs --only noop --profile    # also CPU-profile the Koan processes and summarise the profiles
\`\`\`

The first run that needs ZenML installs \`zenml[local]==0.98.0\` from PyPI into
\`.bench/zenml-venv\` (ignored by git) and reuses it afterwards. Each run makes
a fresh Koan repository and a fresh ZenML project (\`zenml init\`, with its own
global config and SQLite store) under \`.bench/work/\`, and removes them at
the end. Details and options: \`bench/README.md\`.

The machine below is shared with other work and has 2 cores, so absolute
times move with its load; the ratios come from alternating rounds in the same
run and are the figures to compare.`;

export function renderReport({ results, machine, date, command, mode }) {
  return [
    INTRO,
    "",
    "## Latest figures",
    "",
    `Measured ${date} with \`${command}\`${mode ? ` (${mode})` : ""}.`,
    "",
    `Machine: ${machineLine(machine)}.`,
    "",
    "### Targets",
    "",
    renderSummary(results),
    "",
    ...results.map(renderWorkload),
  ].join("\n");
}

const DOC_HEADER = `# Benchmarks
`;

/** Writes the generated report between the markers, creating the file or the markers if needed. */
export function writeDocs(path, generated) {
  const block = `${START}\n${generated.trim()}\n${END}`;
  if (!existsSync(path)) {
    writeFileSync(path, `${DOC_HEADER}\n${block}\n`);
    return;
  }
  const current = readFileSync(path, "utf8");
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start >= 0 && end > start) {
    writeFileSync(path, `${current.slice(0, start)}${block}${current.slice(end + END.length)}`);
  } else {
    writeFileSync(path, `${current.trimEnd()}\n\n${block}\n`);
  }
}
