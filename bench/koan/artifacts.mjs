// Artifact throughput on the local artifact store: a step returns a Buffer
// (saved by the engine: materializer, hashing, temp file + rename), the next
// step takes it as input (loaded by the engine). Compared with the operating
// system copying the same file on the same disk (`cp`). One round per process;
// prints one JSON line.
//   node bench/koan/artifacts.mjs --mib 1024 --dir .bench/work/artifacts [--cp-first]
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
    "cp-first": { type: "boolean", default: false },
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

function osCopy(file) {
  const target = `${file}.os-copy`;
  sync();
  const t = performance.now();
  execFileSync("cp", [file, target]);
  const ms = performance.now() - t;
  rmSync(target, { force: true });
  return ms;
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
  let copyMs;
  if (values["cp-first"]) {
    // Measure the OS on a file of the same size in the same folder first.
    const file = join(root, "os-reference.bin");
    execFileSync("dd", ["if=/dev/zero", `of=${file}`, "bs=1M", `count=${values.mib}`, "status=none"]);
    copyMs = osCopy(file);
    rmSync(file, { force: true });
  }
  sync();
  await throughput.run({ repository: root, progress: false });
  const saveMs = marks.saved - marks.returned;
  const loadMs = marks.loaded - marks.saved;
  if (!values["cp-first"]) copyMs = osCopy(dataFile());
  const gib = bytes / 1024 ** 3;
  process.stdout.write(
    `${JSON.stringify({ bytes, saveMs, loadMs, copyMs, saveGiBs: gib / (saveMs / 1000), loadGiBs: gib / (loadMs / 1000), copyGiBs: gib / (copyMs / 1000) })}\n`,
  );
} finally {
  await closeRepositories();
  if (!values.keep) rmSync(root, { recursive: true, force: true });
}
