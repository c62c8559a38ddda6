// The quickstart pipeline end to end on a stack whose artifact store is GCS
// (fake-gcs-server, from scripts/peers/gcs.sh): every artifact goes to the
// bucket and comes back from it, and a second run is served from the cache.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Storage } from "@google-cloud/storage";
import { closeRepositories, defineStack, localOrchestrator } from "@koan/core";
import { runQuickstart } from "@koan/example-quickstart";
import type { Selection } from "@koan/example-quickstart";
import { afterAll, describe, expect, it } from "vitest";
import { gcsArtifactStore } from "../src/index.js";
import { createBucket, deleteBucket, gcs } from "./helpers/gcs-peer.js";

const exampleRoot = fileURLToPath(new URL("../../../examples/quickstart", import.meta.url));

describe.skipIf(!gcs.available)(`the quickstart on a GCS stack ${gcs.title}`, () => {
  const endpoint = gcs.value ?? "";
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    await closeRepositories();
    for (const cleanup of cleanups) await cleanup();
  });

  it("runs every step with its artifacts in the bucket, then serves a second run from the cache", async () => {
    const repository = await mkdtemp(join(tmpdir(), "koan-gcs-quickstart-"));
    const bucket = await createBucket(endpoint, "quickstart");
    cleanups.push(() => rm(repository, { recursive: true, force: true }), () => deleteBucket(endpoint, bucket));
    const stack = defineStack("gcs", {
      orchestrator: localOrchestrator.configure({}),
      artifactStore: gcsArtifactStore.configure({ path: `gs://${bucket}/quickstart`, endpoint }),
    });

    const first = await runQuickstart({ exampleRoot, repository, progress: false, stack });
    expect(first.status).toBe("completed");
    expect(first.steps.map((s) => s.status)).toEqual(Array(8).fill("completed"));
    const selection = await first.step("select_best").output().load<Selection>();
    expect(["logistic-regression", "decision-tree"]).toContain(selection.winner);

    // The artifacts are objects in the bucket, under the store's folder.
    const [files] = await new Storage({ apiEndpoint: endpoint, projectId: "koan-test" }).bucket(bucket).getFiles({ prefix: "quickstart/" });
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(first.step("select_best").output().record.uri).toMatch(new RegExp(`^gs://${bucket}/quickstart/`));

    const second = await runQuickstart({ exampleRoot, repository, progress: false, stack });
    expect(second.steps.map((s) => s.status)).toEqual(Array(8).fill("cached"));
    expect((await second.step("select_best").output().load<Selection>()).winner).toBe(selection.winner);
  }, 300_000);
});
