// One Node process of the CLI benchmarks, timed from spawn to exit. Where GNU
// time exists it also reports the process's CPU time (user + system): on a
// busy machine wall time mostly measures the other work, CPU time much less.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const gnuTime = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/** Runs `node ...nodeArgs`; returns wall and CPU milliseconds (CPU NaN without GNU time) and its stderr. Throws if it fails. */
export function timeNode(nodeArgs, { cwd, env }) {
  const start = process.hrtime.bigint();
  const result = gnuTime
    ? spawnSync(gnuTime, ["-f", "koan-bench-cpu %U %S", process.execPath, ...nodeArgs], { cwd, env, encoding: "utf8" })
    : spawnSync(process.execPath, nodeArgs, { cwd, env, encoding: "utf8" });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${nodeArgs.join(" ")} exited with ${result.status}: ${result.stderr}`);
  const cpu = /koan-bench-cpu ([\d.]+) ([\d.]+)/.exec(result.stderr ?? "");
  return { wall, cpu: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN, stderr: result.stderr ?? "" };
}
