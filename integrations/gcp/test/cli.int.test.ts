// The CLI way from the README, through the built `koan` binary: a secret of
// the gcp schema, an artifact store registered with a reference to it, a
// stack, and a pipeline run whose artifacts land in fake-gcs-server (which
// takes any credentials: the key here is well-formed but signs nothing real).
import { generateKeyPairSync } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Storage } from "@google-cloud/storage";
import { afterAll, describe, expect, it } from "vitest";
import { createBucket, deleteBucket, gcs } from "./helpers/gcs-peer.js";
import { expectCode, koan, TWO_STEP_PIPELINE, project } from "../../../packages/cli/test/helpers/cli.js";

describe.skipIf(!gcs.available)(`koan artifact-store register --flavor gcs ${gcs.title}`, () => {
  const endpoint = gcs.value ?? "";
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it("registers the store with a secret reference, runs a pipeline on it, and never prints the secret", async () => {
    const bucket = await createBucket(endpoint, "cli");
    const dir = await project({ integrations: ["gcp"] });
    cleanups.push(() => deleteBucket(endpoint, bucket));
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const key = JSON.stringify({ type: "service_account", project_id: "koan-test", client_email: "koan@koan-test.iam.gserviceaccount.com", private_key: pem });

    expectCode(await koan(["secret", "create", "gcp", "--schema", "gcp", `--GOOGLE_APPLICATION_CREDENTIALS_JSON=${key}`], { cwd: dir }), 0);
    const registered = expectCode(
      await koan(
        [
          "artifact-store", "register", "bucket", "--flavor", "gcs", "--path", `gs://${bucket}/koan`,
          "--credentials", "{{gcp.GOOGLE_APPLICATION_CREDENTIALS_JSON}}", "--endpoint", endpoint,
        ],
        { cwd: dir },
      ),
      0,
    );
    expect(registered.stdout).toContain('Registered artifact store "bucket" (flavor gcs');
    expectCode(await koan(["stack", "register", "cloud", "--orchestrator", "default", "--artifact-store", "bucket"], { cwd: dir }), 0);
    expectCode(await koan(["stack", "set", "cloud"], { cwd: dir }), 0);

    await writeFile(join(dir, "pipeline.ts"), TWO_STEP_PIPELINE);
    const run = expectCode(await koan(["run", "pipeline.ts"], { cwd: dir }), 0);
    expect(run.stdout).toContain("total: 999000 status: completed");

    const [files] = await new Storage({ apiEndpoint: endpoint, projectId: "koan-test" }).bucket(bucket).getFiles({ prefix: "koan/" });
    expect(files.length).toBeGreaterThanOrEqual(2);

    const described = expectCode(await koan(["artifact-store", "describe", "bucket"], { cwd: dir }), 0);
    expect(described.stdout).toContain("{{gcp.GOOGLE_APPLICATION_CREDENTIALS_JSON}}");
    const secretLine = pem.split("\n")[1] ?? "";
    for (const output of [registered, run, described]) expect(output.stdout + output.stderr).not.toContain(secretLine);
  }, 300_000);
});
