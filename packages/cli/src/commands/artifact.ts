import { existsSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Client } from "@koan/core";
import type { ArtifactRecord, RunRecord, StepRunRecord } from "@koan/core/contracts";
import { CliError } from "../cli-error.js";
import { openClient } from "../context.js";
import { formatBytes, formatTime } from "../output/format.js";
import { ui } from "../output/ui.js";
import { colourStatus, parseLimit } from "./runs.js";
import { artifactStoreByIdentity } from "./stores.js";

/** Step runs and runs looked up once per command. */
class Names {
  readonly #steps = new Map<string, Promise<StepRunRecord | undefined>>();
  readonly #runs = new Map<string, Promise<RunRecord | undefined>>();
  constructor(readonly client: Client) {}
  step(id: string) {
    let found = this.#steps.get(id);
    if (!found) this.#steps.set(id, (found = this.client.repository.store.getStepRun(id)));
    return found;
  }
  run(id: string) {
    let found = this.#runs.get(id);
    if (!found) this.#runs.set(id, (found = this.client.repository.store.getRun(id)));
    return found;
  }
}

export async function artifactList(options: { run?: string; limit: string; json?: boolean }): Promise<void> {
  const limit = parseLimit(options.limit);
  const client = await openClient();
  const runId = options.run ? (await client.getRun(options.run)).id : undefined;
  const artifacts = await client.listArtifacts({ limit, ...(runId ? { runId } : {}) });
  const names = new Names(client);
  const rows = await Promise.all(
    artifacts.map(async (a) => ({ record: a.record, step: (await names.step(a.record.producerStepRunId))?.stepId ?? "?", run: (await names.run(a.record.producerRunId))?.name ?? "?" })),
  );
  if (options.json) {
    ui.json(rows.map((r) => ({ ...r.record, producerStep: r.step, producerRun: r.run })));
    return;
  }
  ui.table(
    ["ARTIFACT", "OUTPUT", "TYPE", "SIZE", "RUN", "CREATED"],
    rows.map((r) => [r.record.id, `${r.step}.${r.record.outputName}`, r.record.dataType, formatBytes(r.record.size), r.run, formatTime(r.record.createdAt)]),
    options.run ? "That run produced no artifacts." : "No artifacts yet. Run a pipeline with `koan run FILE.ts`.",
  );
}

export async function artifactDescribe(id: string, options: { json?: boolean }): Promise<void> {
  const client = await openClient();
  const artifact = await client.getArtifact(id);
  const lineage = await artifact.lineage();
  const names = new Names(client);
  const record = artifact.record;
  const producerRun = await names.run(record.producerRunId);
  const consumers = await Promise.all(
    (lineage?.consumers ?? []).map(async (c) => ({
      run: (await names.run(c.stepRun.runId))?.name ?? c.stepRun.runId,
      step: c.stepRun.stepId,
      status: c.stepRun.status,
      as: c.name,
      direction: c.direction,
    })),
  );
  if (options.json) {
    ui.json({
      ...record,
      producer: lineage ? { run: producerRun?.name ?? record.producerRunId, step: lineage.producer.stepId, status: lineage.producer.status } : null,
      consumers,
    });
    return;
  }
  ui.print(`Artifact ${ui.out.bold(record.id)}`);
  const rows: [string, string][] = [
    ["output", `${lineage?.producer.stepId ?? "?"}.${record.outputName}`],
    ["type", record.dataType],
    ["materializer", record.materializer],
    ["size", formatBytes(record.size)],
    ["hash", record.contentHash],
    ["uri", record.uri],
    ["store", record.storeIdentity],
    ["created", formatTime(record.createdAt)],
  ];
  for (const [k, v] of rows) ui.print(`  ${k.padEnd(13)}${v}`);
  const metadata = Object.entries(record.metadata);
  if (metadata.length) {
    ui.print("  metadata");
    for (const [k, v] of metadata) ui.print(`    ${k}: ${JSON.stringify(v)}`);
  }
  ui.print("");
  ui.print(ui.out.bold("Lineage"));
  ui.print(`  produced by  run ${producerRun?.name ?? record.producerRunId}, step ${lineage?.producer.stepId ?? "?"} (${colourStatus(lineage?.producer.status ?? "?")})`);
  if (consumers.length === 0) ui.print("  used by      no step yet");
  for (const c of consumers) {
    const how = c.direction === "output" ? `reused from the cache as output "${c.as}"` : `read as input "${c.as}"`;
    ui.print(`  used by      run ${c.run}, step ${c.step}: ${how}`);
  }
}

export async function artifactExport(id: string, path: string, options: { force?: boolean }): Promise<void> {
  const client = await openClient();
  const artifact = await client.getArtifact(id);
  const record: ArtifactRecord = artifact.record;
  const store = await artifactStoreByIdentity(client, record.storeIdentity, await client.repository.store.getRun(record.producerRunId));
  const prefix = `${record.key}/`;
  const files: string[] = [];
  for await (const key of store.list(prefix)) files.push(key.slice(prefix.length));
  files.sort();
  if (files.length === 0) throw new CliError("NOT_FOUND", `Artifact ${id} has no files left in ${record.storeIdentity}; it may have been deleted.`);

  const isFolder = existsSync(path) && statSync(path).isDirectory();
  const targets =
    files.length === 1
      ? [{ file: files[0] as string, target: isFolder ? join(path, basename(files[0] as string)) : path }]
      : files.map((file) => ({ file, target: join(path, ...file.split("/")) }));
  if (files.length > 1 && existsSync(path) && !isFolder) {
    throw new CliError("FILE_EXISTS", `Artifact ${id} has ${files.length} files, so it is exported to a folder, and ${path} is a file.`);
  }
  const clashes = targets.filter((t) => existsSync(t.target));
  if (clashes.length && !options.force) {
    throw new CliError("FILE_EXISTS", `${clashes.map((t) => t.target).join(", ")} already exist${clashes.length === 1 ? "s" : ""}. Add --force to overwrite.`);
  }
  let bytes = 0;
  await ui.progress(`Exporting ${files.length} file${files.length === 1 ? "" : "s"}`, async () => {
    for (const { file, target } of targets) {
      const body = await store.get(`${prefix}${file}`);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, body);
      bytes += body.byteLength;
    }
  });
  ui.success(
    files.length === 1
      ? `Exported artifact ${id} (${record.dataType}, ${formatBytes(bytes)}) to ${targets[0]?.target}`
      : `Exported artifact ${id} (${files.length} files, ${formatBytes(bytes)}) to ${path}`,
  );
}
