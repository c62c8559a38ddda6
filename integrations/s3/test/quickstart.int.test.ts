// The quickstart pipeline end to end on stacks whose artifact store is S3:
// defined in code (on every S3 peer), and registered with the built CLI
// (`koan secret create`, `koan artifact-store register`, `koan stack
// register`, `koan run`) with credentials from an `aws` secret.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { closeRepositories, defineStack, localOrchestrator } from "@koan/core";
import { runQuickstart } from "@koan/example-quickstart";
import { afterAll, describe, expect, it } from "vitest";
import { s3ArtifactStore } from "../src/index.js";
import type { S3ArtifactStore } from "../src/index.js";
import { S3_PEERS, createBucket, peerConfig, uniqueBucket } from "./s3-peers.js";
import type { S3ConfigInput } from "./s3-peers.js";

const require = createRequire(import.meta.url);
const exampleRoot = dirname(require.resolve("@koan/example-quickstart/package.json"));
const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const cliBin = fileURLToPath(new URL("../../../packages/cli/dist/bin.cjs", import.meta.url));
const projects: string[] = [];

/** A project folder inside this package, so the CLI finds @koan/s3 in the node_modules above it (.tmp-* is ignored by git). */
async function newProject(): Promise<string> {
  const project = await mkdtemp(join(packageRoot, ".tmp-quickstart-"));
  projects.push(project);
  return project;
}

afterAll(async () => {
  await closeRepositories();
  await Promise.all(projects.map((p) => rm(p, { recursive: true, force: true })));
});

async function keysUnder(config: S3ConfigInput, prefix: string): Promise<string[]> {
  const store = (await s3ArtifactStore.create(s3ArtifactStore.parseConfig(config), { componentName: "check", repositoryRoot: packageRoot })) as S3ArtifactStore;
  const keys: string[] = [];
  for await (const key of store.list(prefix)) keys.push(key);
  await store.close();
  return keys;
}

for (const s3 of S3_PEERS) {
  describe.skipIf(!s3.service.available)(`the quickstart on an S3 stack defined in code, on ${s3.name} ${s3.service.title}`, () => {
    it("runs every step, stores every artifact in the bucket, and serves a second run from the cache", async () => {
      const bucket = uniqueBucket(`${s3.name}-qs`);
      await createBucket(s3, bucket);
      const config = peerConfig(s3, `s3://${bucket}/quickstart`);
      const stack = defineStack("s3-quickstart", {
        orchestrator: localOrchestrator.configure({}),
        artifactStore: s3ArtifactStore.configure(config),
      });
      const repository = await newProject();

      const first = await runQuickstart({ exampleRoot, repository, progress: false, stack });
      expect(first.status).toBe("completed");
      expect(first.steps.map((s) => s.status)).toEqual(Array(8).fill("completed"));
      const best = first.step("select_best").output();
      expect(best.uri.startsWith(`s3://${bucket}/quickstart/`)).toBe(true);
      expect(best.record.storeIdentity).toBe(`s3://${bucket}/quickstart?endpoint=${s3.service.value}`);
      const selection = await best.load<{ winner: string }>();
      expect(["logistic-regression", "decision-tree"]).toContain(selection.winner);
      // The bytes are in the bucket, read back by another client.
      expect((await keysUnder(config, "")).length).toBeGreaterThanOrEqual(first.steps.length);

      const second = await runQuickstart({ exampleRoot, repository, progress: false, stack });
      expect(second.steps.map((s) => s.status)).toEqual(Array(8).fill("cached"));
      expect(second.step("select_best").output().id).toBe(best.id);
    }, 300_000);
  });
}

const moto = S3_PEERS.find((p) => p.name === "moto");
describe.skipIf(!moto?.service.available)(`the quickstart on an S3 stack registered with the CLI ${moto?.service.title ?? ""}`, () => {
  it("registers the store with secret references, runs the quickstart on it, and never prints the secret", async () => {
    if (!moto) throw new Error("no moto peer");
    const bucket = uniqueBucket("moto-cli");
    await createBucket(moto, bucket);
    const project = await newProject();
    const koan = (args: string[], input?: string) => {
      const result = spawnSync(process.execPath, [cliBin, ...args], { cwd: project, encoding: "utf8", input, env: { ...process.env, NO_COLOR: "1" } });
      const output = `${result.stdout}${result.stderr}`;
      expect(result.status, `koan ${args.join(" ")}:\n${output}`).toBe(0);
      expect(output).not.toContain(moto.secretAccessKey);
      return output;
    };

    koan(["init"]);
    koan(["secret", "create", "aws", "--schema", "aws", "--stdin"], `AWS_ACCESS_KEY_ID=${moto.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${moto.secretAccessKey}\n`);
    koan([
      "artifact-store", "register", "my-s3", "--flavor", "s3",
      "--path", `s3://${bucket}/cli`,
      "--endpoint", moto.service.value as string,
      "--force-path-style",
      "--access-key-id", "{{aws.AWS_ACCESS_KEY_ID}}",
      "--secret-access-key", "{{aws.AWS_SECRET_ACCESS_KEY}}",
    ]);
    koan(["stack", "register", "s3", "--orchestrator", "default", "--artifact-store", "my-s3"]);
    koan(["stack", "set", "s3"]);
    expect(koan(["artifact-store", "describe", "my-s3"])).toContain("{{aws.AWS_SECRET_ACCESS_KEY}}");

    const run = koan(["run", join(exampleRoot, "dist", "run.js")]);
    expect(run).toContain('on stack "s3"');
    expect(run).toContain(`Artifacts: s3://${bucket}/cli/`);
    expect(run).toMatch(/0 of 8 steps from cache/);
    expect(koan(["run", join(exampleRoot, "dist", "run.js")])).toMatch(/8 of 8 steps from cache/);

    const stored = await keysUnder(peerConfig(moto, `s3://${bucket}/cli`), "");
    expect(stored.length).toBeGreaterThanOrEqual(8);
  }, 300_000);
});
