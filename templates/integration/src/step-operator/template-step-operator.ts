import { spawn } from "node:child_process";
import { KoanError } from "@koan/core";
import type { StepOperator, StepOperatorRequest, StepOutcome } from "@koan/core/contracts";

export interface TemplateStepOperatorOptions {
  /** The command that runs one step from the entrypoint in `KOAN_STEP_ENTRYPOINT`. */
  readonly command: readonly string[];
  /** Extra environment for every step. */
  readonly env: Readonly<Record<string, string>>;
}

/** How much of the end of a failed step's stderr goes into its error. */
const STDERR_TAIL = 4096;

/**
 * Runs each step in a child process on this machine. An operator for a
 * platform (a Kubernetes job, a cloud training job) does the same with its
 * API: hand the entrypoint to the new environment, follow the work to its
 * end, resolve `failed` (never reject) when the step fails, and stop the
 * work when the signal aborts.
 *
 * This one reads the outcome from the exit code; an operator whose work
 * outlives its connection reads it back from the metadata store instead.
 */
export class TemplateStepOperator implements StepOperator {
  readonly specVersion = 1 as const;
  readonly type = "step_operator" as const;
  readonly flavor = "template";
  readonly isRemote = false;
  readonly requiresImage = false;

  constructor(readonly options: TemplateStepOperatorOptions) {}

  launch(request: StepOperatorRequest): Promise<StepOutcome> {
    const { signal, entrypoint, stepId } = request;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const [program, ...args] = this.options.command;
    if (!program) return Promise.reject(new KoanError("INVALID_CONFIG", "The step operator's command is empty."));
    return new Promise<StepOutcome>((resolve, reject) => {
      const child = spawn(program, args, {
        cwd: entrypoint.workingDir ?? process.cwd(),
        env: { ...process.env, ...this.options.env, ...entrypoint.env, KOAN_STEP_ENTRYPOINT: JSON.stringify(entrypoint) },
        stdio: ["ignore", "inherit", "pipe"],
      });
      let stderr = "";
      child.stderr?.setEncoding("utf8").on("data", (text: string) => {
        stderr = (stderr + text).slice(-STDERR_TAIL);
      });
      const onAbort = () => {
        child.kill("SIGTERM");
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      child.once("error", (error) => {
        signal?.removeEventListener("abort", onAbort);
        reject(new KoanError("STEP_LAUNCH_FAILED", `Could not start ${program} for step ${stepId}: ${error.message}`, { cause: error }));
      });
      child.once("close", (code, killedBy) => {
        signal?.removeEventListener("abort", onAbort);
        if (signal?.aborted) return;
        if (code === 0) resolve({ stepId, status: "completed" });
        else {
          const message = stderr.trim() || (killedBy ? `killed by ${killedBy}` : `exited with code ${code}`);
          resolve({ stepId, status: "failed", error: { name: "StepFailed", message } });
        }
      });
    });
  }
}
