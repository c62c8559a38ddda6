import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";
import type { StepLogger } from "../step/step-context.js";

type Level = "debug" | "info" | "warn" | "error";

/** The lines one step logged, with time and level. */
export class StepLog {
  readonly lines: string[] = [];
  add(level: Level, args: unknown[]): void {
    this.lines.push(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${format(...args)}`);
  }
  text(): string {
    return this.lines.length ? `${this.lines.join("\n")}\n` : "";
  }
}

const activeLog = new AsyncLocalStorage<StepLog>();
let consolePatched = false;

/**
 * Steps share one process, so console output is attributed to a step through
 * async context: every console call made inside a step's async call tree is
 * also appended to that step's log. Output still reaches the terminal.
 */
function patchConsole(): void {
  if (consolePatched) return;
  consolePatched = true;
  const levels: [keyof Console & Level | "log", Level][] = [["log", "info"], ["info", "info"], ["debug", "debug"], ["warn", "warn"], ["error", "error"]];
  for (const [method, level] of levels) {
    const original = console[method].bind(console) as (...args: unknown[]) => void;
    console[method] = (...args: unknown[]) => {
      activeLog.getStore()?.add(level, args);
      original(...args);
    };
  }
}

let activeCaptures = 0;

/**
 * Runs `fn` with console output captured into `log`. On Node 20 an enabled
 * AsyncLocalStorage keeps promise hooks on for every promise in the process,
 * which costs the engine's own store calls ~15% of their CPU; so the storage
 * is disabled whenever no step is capturing.
 */
export async function captureLogs<T>(log: StepLog, fn: () => Promise<T>): Promise<T> {
  patchConsole();
  activeCaptures++;
  try {
    return await activeLog.run(log, fn);
  } finally {
    if (--activeCaptures === 0) activeLog.disable();
  }
}

/** A logger that writes to the step's log and to stderr with the step's name. */
export function stepLogger(stepId: string): StepLogger {
  const emit = (level: Level) => (message: string, ...args: unknown[]) => {
    const log = activeLog.getStore();
    log?.add(level, [message, ...args]);
    if (level !== "debug" || process.env.KOAN_DEBUG) process.stderr.write(`[${stepId}] ${format(message, ...args)}\n`);
  };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}
