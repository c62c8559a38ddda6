import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Client, closeRepositories } from "@koan/core";
import { runQuickstart } from "../src/run-quickstart.js";
import type { Evaluation } from "../src/steps/evaluate.js";
import type { Selection } from "../src/steps/select-best.js";

const exampleRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repositories: string[] = [];

afterAll(async () => {
  await closeRepositories();
  await Promise.all(repositories.map((r) => rm(r, { recursive: true, force: true })));
});

describe("the quickstart pipeline", () => {
  it("trains, evaluates and picks a model, then serves a second run entirely from the cache", async () => {
    const repository = await mkdtemp(join(tmpdir(), "koan-quickstart-"));
    repositories.push(repository);

    const first = await runQuickstart({ exampleRoot, repository, progress: false });
    expect(first.status).toBe("completed");
    expect(first.steps).toHaveLength(8);
    expect(first.steps.every((s) => s.status === "completed")).toBe(true);

    const lr = await first.step("evaluate_logistic_regression").output().load<Evaluation>();
    const tree = await first.step("evaluate_decision_tree").output().load<Evaluation>();
    expect(lr.metrics.accuracy).toBeGreaterThan(0.75);
    expect(tree.metrics.accuracy).toBeGreaterThan(0.72);
    const selection = await first.step("select_best").output().load<Selection>();
    expect(selection.winner).toBe((lr.metrics.rocAuc ?? 0) >= (tree.metrics.rocAuc ?? 0) ? "logistic-regression" : "decision-tree");
    expect(selection.model.kind).toBe(selection.winner);

    const second = await runQuickstart({ exampleRoot, repository, progress: false });
    expect(second.steps.map((s) => s.status)).toEqual(Array(8).fill("cached"));
    expect(second.step("select_best").output().id).toBe(first.step("select_best").output().id);

    // Everything is recorded: two runs, the evaluate step's metadata, lineage from the split.
    const client = await Client.open({ root: repository });
    expect((await client.listRuns({ pipeline: "churn_training" })).map((r) => r.status)).toEqual(["completed", "completed"]);
    expect(first.step("evaluate_decision_tree").output().record.metadata).toMatchObject({ accuracy: tree.metrics.accuracy });
    const lineage = await first.step("split_data").output("test").lineage();
    // Both runs' evaluate steps read it; the second run's split_data reused it from the cache.
    expect(lineage?.consumers.map((c) => `${c.stepRun.stepId}:${c.direction}`).sort()).toEqual([
      "evaluate_decision_tree:input",
      "evaluate_decision_tree:input",
      "evaluate_logistic_regression:input",
      "evaluate_logistic_regression:input",
      "split_data:output",
    ]);
  });
});
