import { hostname } from "node:os";
import type { RunRecord } from "@koan/contracts";

/**
 * True when a run is recorded as running but its process is gone: it was
 * killed or crashed before it could record an end. Only runs started on this
 * host can be checked; for others the answer is false (unknown).
 */
export function isRunOrphaned(run: Pick<RunRecord, "status" | "host" | "pid">): boolean {
  if (run.status !== "running" || run.host !== hostname()) return false;
  try {
    process.kill(run.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
