import { openClient } from "../context.js";
import { formatTime } from "../output/format.js";
import { ui } from "../output/ui.js";
import { colourStatus } from "./runs.js";

export async function pipelineList(options: { json?: boolean }): Promise<void> {
  const client = await openClient();
  const pipelines = await client.listPipelines({ limit: 1000 });
  const rows = await Promise.all(
    pipelines.map(async (p) => {
      const [last] = await client.listRuns({ pipeline: p.name, limit: 1 });
      const runs = await client.repository.store.countRuns({ pipeline: p.name });
      return { ...p, runs, lastRun: last ? { name: last.name, status: last.status, startedAt: last.startedAt } : null };
    }),
  );
  if (options.json) {
    ui.json(rows);
    return;
  }
  ui.table(
    ["PIPELINE", "RUNS", "LAST RUN", "STATUS", "STARTED"],
    rows.map((r) => [r.name, String(r.runs), r.lastRun?.name ?? "-", r.lastRun ? colourStatus(r.lastRun.status) : "-", formatTime(r.lastRun?.startedAt ?? null)]),
    "No pipelines yet. Run one with `koan run FILE.ts`.",
  );
}
