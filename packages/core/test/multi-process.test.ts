import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Client } from "../src/client/client.js";
import { tempRepository } from "./helpers/temp-repository.js";

const fixture = fileURLToPath(new URL("./fixtures/concurrent-pipeline.mjs", import.meta.url));

function worker(repository: string, index: number, runs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture, repository, String(index), String(runs)], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker ${index} exited ${code}: ${output}`))));
  });
}

describe("several processes running pipelines on one repository", () => {
  it("lose and corrupt nothing", async () => {
    const repository = await tempRepository();
    const workers = 4;
    const runs = 8;
    await Promise.all(Array.from({ length: workers }, (_, i) => worker(repository, i, runs)));

    const client = await Client.open({ root: repository });
    const all = await client.listRuns({ pipeline: "shared", limit: 1000 });
    expect(all).toHaveLength(workers * runs);
    expect(all.every((r) => r.status === "completed")).toBe(true);
    expect(new Set(all.map((r) => r.name)).size).toBe(all.length);
    for (const record of all) {
      const run = await client.getRun(record.id);
      expect(run.steps.map((s) => s.id).sort()).toEqual(["make", "sum", "tag"]);
      for (const s of run.steps) {
        expect(["completed", "cached"]).toContain(s.status);
        const value = await s.output().load();
        expect(value).toBeDefined();
      }
      expect(run.step("tag").status).toBe("completed");
    }
    // Every artifact a step points at exists and loads; the store passes SQLite's own check.
    const artifacts = await client.listArtifacts({ limit: 1000 });
    expect(artifacts.length).toBeGreaterThan(0);
    await Promise.all(artifacts.map((a) => a.load()));
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(`${repository}/.koan/koan.db`, { readonly: true });
    expect(db.prepare("PRAGMA integrity_check").pluck().get()).toBe("ok");
    db.close();
  });
});
