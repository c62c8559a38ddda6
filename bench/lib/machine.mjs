// What the figures were measured on: machine, versions, commit.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, release, totalmem, type } from "node:os";
import { join } from "node:path";

export function describeMachine(repoRoot, zenml) {
  const cpu = cpus()[0]?.model?.replace(/\s+/g, " ").trim() ?? "unknown CPU";
  return {
    cores: availableParallelism(),
    cpu,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    os: `${type()} ${release()}`,
    node: process.version,
    koan: readJson(join(repoRoot, "packages", "core", "package.json")).version,
    commit: git(repoRoot, ["rev-parse", "--short", "HEAD"]),
    dirty: git(repoRoot, ["status", "--porcelain", "--", "packages"]) !== "",
    python: zenml?.pythonVersion,
    zenml: zenml?.version,
  };
}

export function machineLine(m) {
  const parts = [
    `${m.cores} cores (${m.cpu})`,
    `${m.memoryGiB} GiB memory`,
    m.os,
    `Node ${m.node}`,
    `Koan ${m.koan} (${m.commit}${m.dirty ? ", with uncommitted changes" : ""})`,
  ];
  if (m.zenml) parts.push(`ZenML ${m.zenml} on Python ${m.python}`);
  return parts.join(", ");
}

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

function git(cwd, args) {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}
