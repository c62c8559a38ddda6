import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Client } from "../src/client/client.js";
import { LocalArtifactStore } from "../src/local/local-artifact-store.js";
import { tempRepository } from "./helpers/temp-repository.js";

const fixture = fileURLToPath(new URL("./fixtures/crash-pipeline.mjs", import.meta.url));

/** Starts the fixture and SIGKILLs it once its step has begun writing an artifact. */
function runAndKillWhileWriting(repo: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture, repo], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("writing")) child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (_code, signal) => (signal === "SIGKILL" ? resolve(out) : reject(new Error(`fixture exited without being killed: ${out} ${err}`))));
  });
}

describe("a process killed during a step", () => {
  it("leaves no visible partial artifact and no run shown as completed", async () => {
    const repo = await tempRepository();
    await runAndKillWhileWriting(repo);

    const client = await Client.open({ root: repo });
    const [run] = await client.listRuns({ pipeline: "crashy" });
    expect(run?.status).toBe("running");
    expect(await client.listRuns({ status: "completed" })).toEqual([]);
    const view = await client.getRun(run?.id as string);
    expect(view.orphaned).toBe(true);
    expect(view.step("first").status).toBe("completed");
    expect(view.step("second").status).toBe("running");
    expect(view.step("second").outputs).toEqual({});
    // Only the first step's artifact is recorded.
    expect((await client.listArtifacts()).map((a) => a.record.outputName)).toEqual(["output"]);

    // Bytes of the interrupted write exist only as a hidden temporary file.
    const store = new LocalArtifactStore(join(repo, ".koan", "artifacts"));
    const keys: string[] = [];
    for await (const key of store.list("artifacts/crashy/second/")) keys.push(key);
    expect(keys).toEqual([]);
    const onDisk = (await readdir(join(repo, ".koan", "artifacts", "artifacts", "crashy", "second"), { recursive: true })).map(String);
    expect(onDisk.some((f) => f.includes(".koan-tmp-"))).toBe(true);
    expect(onDisk.some((f) => f.endsWith("data.bin"))).toBe(false);
  });
});
