// Summarises V8 CPU profiles (`node --cpu-prof`): top functions by self time,
// and self time by package, so a missed target comes with where the time went.
//   node bench/lib/profile-summary.mjs FILE.cpuprofile|FOLDER [--top 25] [--inclusive]
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Self time (ms) per function and per package, from one or more profiles. */
export function summariseProfiles(files) {
  const byFunction = new Map();
  const byPackage = new Map();
  const inclusive = new Map();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, "utf8"));
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    // timeDeltas[i] is the time before sample i; charge it to the sample's node.
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i];
      const dt = (profile.timeDeltas[i] ?? 0) / 1000;
      self.set(id, (self.get(id) ?? 0) + dt);
    }
    // Inclusive time: each sample counts once for every function on its stack.
    const parent = new Map();
    for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
    for (const [id, ms] of self) {
      const seen = new Set();
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const { callFrame } = nodes.get(at);
        if (callFrame.functionName === "(idle)" || callFrame.functionName === "(root)") continue;
        const key = frameKey(callFrame);
        if (seen.has(key)) continue;
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
      }
    }
    for (const [id, ms] of self) {
      const { callFrame } = nodes.get(id);
      if (callFrame.functionName === "(idle)") continue;
      total += ms;
      const key = frameKey(callFrame);
      byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
      const pkg = packageOf(callFrame);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    }
  }
  const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, ms: ms / files.length }));
  return { files: files.length, totalMs: total / files.length, functions: sorted(byFunction), packages: sorted(byPackage), inclusive: sorted(inclusive) };
}

function frameKey(callFrame) {
  const where = callFrame.url ? `${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}` : "";
  return `${callFrame.functionName || "(anonymous)"} ${where}`.trim();
}

function shortUrl(url) {
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf("node_modules/");
  if (nm >= 0) return path.slice(nm + "node_modules/".length);
  const pk = path.indexOf("/packages/");
  if (pk >= 0) return path.slice(pk + 1);
  const bench = path.indexOf("/bench/");
  if (bench >= 0) return path.slice(bench + 1);
  return path;
}

function packageOf(callFrame) {
  const { url, functionName } = callFrame;
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node: built-ins";
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = path.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const pk = path.match(/\/packages\/([^/]+)\//);
  if (pk) return `@koan/${pk[1]}`;
  if (path.includes("/bench/")) return "bench";
  return "(other)";
}

export function formatSummary(summary, top = 25, { inclusive = false } = {}) {
  const lines = [`${summary.files} profile(s), ${summary.totalMs.toFixed(1)} ms busy (self time, idle excluded) per profile`, "", "by package:"];
  for (const { name, ms } of summary.packages.slice(0, 12)) lines.push(`  ${ms.toFixed(1).padStart(9)} ms ${pct(ms, summary.totalMs)}  ${name}`);
  lines.push("", `top ${top} functions by self time:`);
  for (const { name, ms } of summary.functions.slice(0, top)) lines.push(`  ${ms.toFixed(1).padStart(9)} ms ${pct(ms, summary.totalMs)}  ${name}`);
  if (inclusive) {
    // Only synchronous stacks: an async function's time after an await shows under its resumption, not its caller.
    lines.push("", `top ${top} functions by inclusive time (synchronous stacks only):`);
    for (const { name, ms } of summary.inclusive.slice(0, top)) lines.push(`  ${ms.toFixed(1).padStart(9)} ms ${pct(ms, summary.totalMs)}  ${name}`);
  }
  return lines.join("\n");
}

function pct(ms, total) {
  return `${((100 * ms) / (total || 1)).toFixed(1).padStart(5)}%`;
}

export function profileFiles(target) {
  const path = resolve(target);
  if (statSync(path).isDirectory()) {
    return readdirSync(path).filter((f) => f.endsWith(".cpuprofile")).map((f) => join(path, f));
  }
  return [path];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write("usage: node bench/lib/profile-summary.mjs FILE.cpuprofile|FOLDER [--top N] [--inclusive]\n");
    process.exit(2);
  }
  const topAt = process.argv.indexOf("--top");
  const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 25;
  const inclusive = process.argv.includes("--inclusive");
  process.stdout.write(`${formatSummary(summariseProfiles(profileFiles(target)), top, { inclusive })}\n`);
}
