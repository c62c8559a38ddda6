// Artifact throughput on the local artifact store: a step returns a Buffer
// (saved by the engine: materializer, hashing, temp file + rename), the next
// step takes it as input (loaded by the engine). One round per process; prints
// one JSON line. The harness compares it with `cp` of a file of the same size
// on the same disk, run while no large process is alive (see workloads/artifacts.mjs).
//   node bench/koan/artifacts.mjs --mib 1024 --dir .bench/work/artifacts
import { execFileSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { closeRepositories, pipeline, step } from "@koan/core";

const { values } = parseArgs({
  options: {
    mib: { type: "string", default: "1024" },
    dir: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const bytes = Number(values.mib) * 1024 * 1024;
if (!values.dir) throw new Error("--dir is required (a folder on the disk to measure)");
const root = values.dir;
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });

// Incompressible content, made before anything is timed.
const value = Buffer.allocUnsafe(bytes);
const block = randomFillSync(Buffer.alloc(1024 * 1024));
value.fill(block);

const marks = {};
const produce = step(
  { name: "produce", onSuccess: () => void (marks.saved = performance.now()) },
  () => {
    marks.returned = performance.now();
    return value;
  },
);
const consume = step({ name: "consume" }, ({ data }) => {
  marks.loaded = performance.now();
  if (data.byteLength !== bytes || data[bytes - 1] !== value[bytes - 1]) throw new Error("the loaded artifact differs from the saved one");
  return data.byteLength;
});
const throughput = pipeline({ name: "artifact_throughput", enableCache: false }, () => {
  consume({ data: produce() });
});

function sync() {
  execFileSync("sync");
}

function dataFile() {
  const base = join(root, ".koan", "artifacts", "artifacts", "artifact_throughput", "produce", "output");
  const [id] = readdirSync(base);
  const file = join(base, id, "data.bin");
  if (statSync(file).size !== bytes) throw new Error(`${file} is not ${bytes} bytes`);
  return file;
}

try {
  // A tiny first run opens the repository, so the timed run measures the artifact path only.
  await pipeline({ name: "warmup", enableCache: false }, () => void step({ name: "w" }, () => 1)()).run({ repository: root, progress: false });
  sync();
  await throughput.run({ repository: root, progress: false });
  dataFile();
  const saveMs = marks.saved - marks.returned;
  const loadMs = marks.loaded - marks.saved;
  const gib = bytes / 1024 ** 3;
  process.stdout.write(`${JSON.stringify({ bytes, saveMs, loadMs, saveGiBs: gib / (saveMs / 1000), loadGiBs: gib / (loadMs / 1000) })}\n`);
} finally {
  await closeRepositories();
  if (!values.keep) rmSync(root, { recursive: true, force: true });
}
