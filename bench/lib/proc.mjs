// Child processes, timed from spawn to exit.
import { spawn } from "node:child_process";

/** Children still running, so an interrupted harness can stop them. */
const running = new Set();

/** Stops every child this process started and has not seen exit (on Ctrl-C or a kill). */
export function killChildren() {
  for (const child of running) child.kill("SIGKILL");
}

/**
 * Runs a command to completion and returns its wall time in ms (spawn to
 * exit) with its output. Rejects on a non-zero exit, a signal or a timeout,
 * with the end of stderr in the message.
 */
export function run(command, args, { cwd, env, timeoutMs = 600_000, input } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    running.add(child);
    const out = [];
    const err = [];
    let exitedAt;
    let timedOut = false;
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => err.push(chunk));
    if (input !== undefined) child.stdin.end(input);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("exit", () => {
      exitedAt = performance.now();
      running.delete(child);
    });
    child.on("error", (error) => {
      running.delete(child);
      clearTimeout(timer);
      reject(new Error(`${command} could not start: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const ms = (exitedAt ?? performance.now()) - started;
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (timedOut) {
        const error = new Error(`${describe(command, args)} did not finish within ${Math.round(timeoutMs / 1000)} s`);
        error.timedOut = true;
        reject(error);
      } else if (code !== 0) {
        reject(new Error(`${describe(command, args)} exited with ${signal ?? code}:\n${tail(stderr || stdout)}`));
      } else {
        resolve({ ms, stdout, stderr });
      }
    });
  });
}

/** The last JSON line a benchmark child printed. */
export function lastJson(stdout) {
  const lines = stdout.trim().split("\n").filter((l) => l.startsWith("{"));
  if (lines.length === 0) throw new Error(`expected a JSON line in the output, got:\n${tail(stdout)}`);
  return JSON.parse(lines[lines.length - 1]);
}

function describe(command, args) {
  return [command.split("/").slice(-2).join("/"), ...args].join(" ");
}

function tail(text, lines = 25) {
  return text.trim().split("\n").slice(-lines).join("\n");
}
