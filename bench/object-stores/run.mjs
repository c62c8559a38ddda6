#!/usr/bin/env node
// Streams one large artifact through each object store's Koan artifact store
// and back: write and read throughput, and the peak memory of the process.
//
//   node bench/object-stores/run.mjs [s3|fauxqs|gcs|azure ...] [--size-mib N]
//
// Each name is a module beside this file (`s3.mjs`, ...) exporting
// `createStore(env)`, which returns a ready store (its bucket created) for the
// server that `scripts/peers/` started; its address comes from `.peers/env`
// (start the servers with `scripts/peers/up.sh NAME ...`). Each store runs in
// a process of its own, so the peak RSS is that store's alone. The body comes
// from a generator (1 MiB chunks, never held whole), goes in through `put`
// and comes back through `getStream`, checked byte for byte by digest.
// Build first: `npx turbo run build --filter=@koan/s3` (and the others').
// The figures replace this store's row in docs/benchmarks.md, between the
// object-stores markers; other rows are kept.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..");
const DOCS = join(repoRoot, "docs", "benchmarks.md");
const START = "<!-- object-stores:start -->";
const END = "<!-- object-stores:end -->";
const MiB = 1024 * 1024;
const KNOWN = ["s3", "fauxqs", "gcs", "azure"];
/** The memory target of issue #5 for a 2 GiB artifact. */
const RSS_TARGET_MB = 300;

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const sizeMiB = Number(option("--size-mib") ?? 2048);
const child = option("--child");
if (!Number.isInteger(sizeMiB) || sizeMiB < 1) {
  console.error("--size-mib takes a whole number of MiB");
  process.exit(2);
}

if (child) {
  const result = await measure(child, sizeMiB);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const names = args.length > 0 ? args : KNOWN.filter((name) => existsSync(join(here, `${name}.mjs`)));
for (const name of names) {
  if (!existsSync(join(here, `${name}.mjs`))) {
    console.error(`No bench/object-stores/${name}.mjs; known: ${KNOWN.join(", ")}`);
    process.exit(2);
  }
}
const results = [];
let failed = false;
for (const name of names) {
  console.error(`[object-stores] ${name}: ${sizeMiB} MiB in and out ...`);
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", name, "--size-mib", String(sizeMiB)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1024 * 1024,
  });
  const line = run.stdout.trim().split("\n").pop() ?? "";
  if (run.status !== 0 || !line.startsWith("{")) {
    console.error(`[object-stores] ${name} failed (exit ${run.status})`);
    failed = true;
    continue;
  }
  const result = JSON.parse(line);
  results.push(result);
  console.log(
    `${name}: write ${result.writeMBps.toFixed(1)} MB/s, read ${result.readMBps.toFixed(1)} MB/s, ` +
      `peak RSS ${result.peakRssMB.toFixed(0)} MB (target < ${RSS_TARGET_MB} MB: ${result.peakRssMB < RSS_TARGET_MB ? "meets" : "misses"})`,
  );
}
if (results.length > 0) {
  writeSection(results);
  console.error(`[object-stores] wrote ${results.map((r) => r.name).join(", ")} to docs/benchmarks.md`);
}
process.exit(failed ? 1 : 0);

/** In the child process: one store, one object in and out. */
async function measure(name, sizeMiB) {
  const env = { ...readPeersEnv(), ...process.env };
  const { createStore } = await import(pathToFileURL(join(here, `${name}.mjs`)).href);
  const store = await createStore(env);
  const key = `bench/object-stores-${Date.now().toString(36)}.bin`;
  const bytes = sizeMiB * MiB;
  const rssBefore = process.memoryUsage().rss;
  const load = loadavg()[0];
  try {
    const writeDigest = createHash("md5");
    const writeStart = performance.now();
    const stat = await store.put(key, generate(sizeMiB, writeDigest));
    const writeMs = performance.now() - writeStart;
    if (stat.size !== bytes) throw new Error(`put reported ${stat.size} bytes, expected ${bytes}`);

    const readDigest = createHash("md5");
    let read = 0;
    const readStart = performance.now();
    for await (const chunk of store.getStream(key)) {
      read += chunk.byteLength;
      readDigest.update(chunk);
    }
    const readMs = performance.now() - readStart;
    if (read !== bytes) throw new Error(`read ${read} bytes back, expected ${bytes}`);
    if (readDigest.digest("hex") !== writeDigest.digest("hex")) throw new Error("the bytes read back differ from those written");
    return {
      name,
      store: store.identity,
      sizeMiB,
      writeMBps: bytes / 1e6 / (writeMs / 1000),
      readMBps: bytes / 1e6 / (readMs / 1000),
      writeSeconds: writeMs / 1000,
      readSeconds: readMs / 1000,
      // maxRSS is the kernel's high-water mark for the whole process, in KiB.
      peakRssMB: (process.resourceUsage().maxRSS * 1024) / 1e6,
      startRssMB: rssBefore / 1e6,
      load,
      node: process.version,
    };
  } finally {
    await store.delete(key).catch(() => {});
    await store.close?.();
  }
}

/** `sizeMiB` chunks of 1 MiB, each new (numbered, so no two are alike), fed to `digest` as they go. */
async function* generate(sizeMiB, digest) {
  const pattern = Buffer.alloc(MiB);
  for (let i = 0; i < MiB; i += 4) pattern.writeUInt32LE((i * 2654435761) >>> 0, i);
  for (let i = 0; i < sizeMiB; i++) {
    const chunk = Buffer.allocUnsafe(MiB);
    pattern.copy(chunk);
    chunk.writeUInt32LE(i, 0);
    digest.update(chunk);
    yield chunk;
  }
}

/** The variables in `.peers/env` (`export NAME=value` lines, shell-quoted by printf %q). */
function readPeersEnv() {
  const file = join(repoRoot, ".peers", "env");
  if (!existsSync(file)) return {};
  const env = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) env[match[1]] = unquote(match[2]);
  }
  return env;
}

function unquote(value) {
  if (value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value.replace(/\\(.)/g, "$1");
}

/** Replaces the measured stores' rows in docs/benchmarks.md, keeping the others. */
function writeSection(results) {
  const docs = readFileSync(DOCS, "utf8");
  const hasSection = docs.includes(START) && docs.includes(END);
  const old = hasSection ? docs.slice(docs.indexOf(START), docs.indexOf(END)) : "";
  const rows = new Map();
  for (const line of old.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length > 3 && KNOWN.includes(cells[1].replace(/`/g, ""))) rows.set(cells[1].replace(/`/g, ""), line);
  }
  const cpu = cpus()[0]?.model?.replace(/\s+/g, " ").trim() ?? "unknown CPU";
  const machine = `${availableParallelism()} cores (${cpu}), ${Math.round(totalmem() / 1024 ** 3)} GiB`;
  const day = new Date().toISOString().slice(0, 10);
  for (const r of results) {
    rows.set(
      r.name,
      `| \`${r.name}\` | ${r.sizeMiB.toLocaleString("en-US")} MiB | ${r.writeMBps.toFixed(1)} MB/s | ${r.readMBps.toFixed(1)} MB/s | ` +
        `${r.peakRssMB.toFixed(0)} MB | ${r.peakRssMB < RSS_TARGET_MB ? "meets" : "**misses**"} | ${day}, ${machine}, load ${r.load.toFixed(1)}, Node ${r.node} |`,
    );
  }
  const ordered = [...rows.entries()].sort(([a], [b]) => KNOWN.indexOf(a) - KNOWN.indexOf(b)).map(([, line]) => line);
  const section = [
    START,
    "",
    "Written by `node bench/object-stores/run.mjs [store ...] [--size-mib N]`: one artifact streamed from a generator through the store's `put` and back through `getStream`, checked by digest, each store in a process of its own; MB/s are 10^6 bytes a second, peak RSS is the process's high-water mark. One row per store, replaced when that store is measured again.",
    "",
    "The servers are the local emulators that `scripts/peers/` starts on the same machine (`s3` is moto, which also checks every request's signature; `fauxqs` keeps objects in memory), so throughput measures them and the machine's load (the 1-minute load average is in the last column) as much as the store. The point of the figures is the memory: it stays bounded whatever the artifact's size (target: under 300 MB at 2 GiB).",
    "",
    "| store | artifact | write | read | peak RSS | < 300 MB | measured |",
    "|---|---:|---:|---:|---:|---|---|",
    ...ordered,
    "",
  ].join("\n");
  const next = hasSection
    ? docs.slice(0, docs.indexOf(START)) + section + docs.slice(docs.indexOf(END))
    : `${docs.trimEnd()}\n\n## Object stores: one large artifact in and out\n\n${section}${END}\n`;
  writeFileSync(DOCS, next);
}
