import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS, openSqliteMetadataStore } from "../src/index.js";
import { rawDb, tempDir } from "./helpers.js";

/*
 * Real processes on one SQLite file: the children import the built package
 * (dist/), so run `npx tsup` before these tests. Each child signals "ready"
 * once loaded and starts at the parent's "go", so they really collide.
 */

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const built = fileURLToPath(new URL("../dist/index.js", import.meta.url));

interface Child {
  readonly process: ChildProcess;
  readonly ready: Promise<void>;
  readonly done: Promise<string>;
}

function startChild(script: string, args: readonly string[]): Child {
  const child = spawn(process.execPath, [join(fixtures, script), ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let signalReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    signalReady = resolve;
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith("ready\n")) signalReady();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<string>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve(stdout.replace(/^ready\n/, "").trim());
      else reject(new Error(`${script} ${args.join(" ")} exited with ${code}:\n${stderr}`));
    });
  });
  // A child that dies before "ready" must fail the test, not hang it.
  done.catch(() => signalReady());
  return { process: child, ready, done };
}

/** Starts every child, waits until all are loaded, then releases them at once. */
async function runTogether(script: string, argsPerChild: ReadonlyArray<readonly string[]>): Promise<unknown[]> {
  const children = argsPerChild.map((args) => startChild(script, args));
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.process.stdin?.end("go\n");
  const outputs = await Promise.all(children.map((c) => c.done));
  return outputs.map((o) => JSON.parse(o) as unknown);
}

function count(db: ReturnType<typeof rawDb>, query: string): number {
  return (db.prepare(query).get() as { n: number }).n;
}

beforeAll(() => {
  if (!existsSync(built)) throw new Error(`${built} is missing: build the package (npx tsup) before running the tests`);
});

describe("several processes on one database", () => {
  it("8 processes opening a brand-new database at once all migrate it safely", async () => {
    for (let round = 0; round < 2; round++) {
      const path = join(await tempDir(), "fresh", "koan.db");
      const workers = Array.from({ length: 8 }, (_, w) => [path, String(w)]);
      const results = (await runTogether("open-fresh.mjs", workers)) as Array<{ schemaVersion: number }>;
      expect(results.map((r) => r.schemaVersion)).toEqual(workers.map(() => MIGRATIONS.length));

      const db = rawDb(path);
      expect(db.prepare("select version from koan_migrations order by version").all()).toEqual(
        MIGRATIONS.map((m) => ({ version: m.version })),
      );
      expect(count(db, "select count(*) as n from components")).toBe(8);
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    }
  });

  it("6 processes running pipelines against one database at once record everything consistently", async () => {
    const WORKERS = 6;
    const RUNS = 25;
    const STEPS = 5;
    const path = join(await tempDir(), "koan.db");
    const results = (await runTogether(
      "workload.mjs",
      Array.from({ length: WORKERS }, (_, w) => [path, String(w), String(RUNS), String(STEPS)]),
    )) as Array<{ completed: number; cached: number }>;
    const completed = results.reduce((sum, r) => sum + r.completed, 0);
    const cached = results.reduce((sum, r) => sum + r.cached, 0);
    const totalSteps = WORKERS * RUNS * STEPS;
    expect(completed + cached).toBe(totalSteps);
    // 5 keys per step, so at most 5 * STEPS * WORKERS misses; most steps hit the cache.
    expect(cached).toBeGreaterThan(totalSteps / 2);

    const db = rawDb(path);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
    expect(count(db, "select count(*) as n from pipelines")).toBe(1);
    expect(count(db, "select count(*) as n from pipeline_versions")).toBe(1);
    expect(count(db, "select count(*) as n from runs")).toBe(WORKERS * RUNS);
    expect(count(db, "select count(*) as n from runs where status = 'completed' and ended_at is not null")).toBe(WORKERS * RUNS);
    expect(count(db, "select count(*) as n from step_runs")).toBe(totalSteps);
    expect(count(db, "select count(*) as n from step_runs where status = 'completed'")).toBe(completed);
    expect(count(db, "select count(*) as n from step_runs where status = 'cached'")).toBe(cached);
    expect(count(db, "select count(*) as n from step_runs where ended_at is null")).toBe(0);
    expect(count(db, "select count(*) as n from (select run_id from step_runs group by run_id having count(*) = 5)")).toBe(
      WORKERS * RUNS,
    );

    // One artifact per completed step, produced by it, in its run.
    expect(count(db, "select count(*) as n from artifacts")).toBe(completed);
    expect(
      count(
        db,
        `select count(*) as n from artifacts a join step_runs s on s.id = a.producer_step_run_id
         where s.status = 'completed' and s.run_id = a.producer_run_id`,
      ),
    ).toBe(completed);

    // Every step has exactly one output link, every step but the first one input link; no orphans.
    expect(count(db, "select count(*) as n from step_artifacts where direction = 'output'")).toBe(totalSteps);
    expect(count(db, "select count(*) as n from step_artifacts where direction = 'input'")).toBe(WORKERS * RUNS * (STEPS - 1));
    expect(
      count(db, "select count(*) as n from step_artifacts l left join artifacts a on a.id = l.artifact_id where a.id is null"),
    ).toBe(0);
    expect(
      count(db, "select count(*) as n from step_artifacts l left join step_runs s on s.id = l.step_run_id where s.id is null"),
    ).toBe(0);

    // A cached step reuses exactly the output of a completed step with the same cache key.
    expect(
      count(
        db,
        `select count(*) as n from step_runs c
         join step_runs src on src.id = c.cached_from_id
         join step_artifacts cl on cl.step_run_id = c.id and cl.direction = 'output'
         join step_artifacts sl on sl.step_run_id = src.id and sl.direction = 'output'
         where c.status = 'cached' and src.status = 'completed' and src.cache_key = c.cache_key
           and cl.artifact_id = sl.artifact_id`,
      ),
    ).toBe(cached);

    // Each step's input is the output its upstream step recorded in the same run.
    expect(
      count(
        db,
        `select count(*) as n from step_runs s
         join step_artifacts i on i.step_run_id = s.id and i.direction = 'input'
         join step_runs up on up.run_id = s.run_id
           and up.step_id = 'step' || (cast(substr(s.step_id, 5) as integer) - 1)
         join step_artifacts o on o.step_run_id = up.id and o.direction = 'output'
         where i.artifact_id = o.artifact_id`,
      ),
    ).toBe(WORKERS * RUNS * (STEPS - 1));

    // And the store itself agrees.
    const store = await openSqliteMetadataStore({ path });
    try {
      expect(await store.countRuns({ pipeline: "training", status: "completed" })).toBe(WORKERS * RUNS);
      const latest = await store.listRuns({ limit: 10 });
      expect(latest).toHaveLength(10);
      expect(await store.listStepRuns(latest[0]!.id)).toHaveLength(STEPS);
    } finally {
      await store.close();
    }
  });
});
