import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectCode, koan, koanJson, project } from "./helpers/cli.js";

const PIPELINE = `
import { pipeline, step, z } from "@koan/core";

const load = step({ name: "load", outputs: ["train", "test"] }, async () => {
  console.log("loading 6 rows");
  return { train: [1, 2, 3, 4], test: [5, 6] };
});
const fit = step({ name: "fit", params: z.object({ scale: z.number().default(2) }) }, ({ data }: { data: number[] }, { scale }) => {
  console.log(\`fitting \${data.length} rows with scale \${scale}\`);
  return data.map((x) => x * scale);
});
const report = step({ name: "report" }, ({ model }: { model: number[] }) => \`model of \${model.length} weights\`);

export const demo = pipeline({ name: "demo" }, () => {
  const { train } = load();
  const model = fit({ data: train }, { scale: Number(process.argv[2] ?? 3) });
  report({ model });
});

const run = await demo.run();
console.log("script done:", run.status);
`;

const FAILING = `
import { pipeline, step } from "@koan/core";
const boom = step({ name: "boom", enableCache: false }, () => {
  console.error("about to fail");
  throw new Error("the data is bad");
});
await pipeline({ name: "failing" }, () => { boom(); }).run();
`;

const TRACKED = `
import { defineFlavor, defineStack, localArtifactStore, localOrchestrator, pipeline, step, z } from "@koan/core";

// A minimal tracker defined in the script, as a project's own flavor would be.
const notebook = defineFlavor({
  type: "experiment_tracker",
  name: "notebook",
  description: "keeps nothing, links to a fixed page per run",
  configSchema: z.object({}),
  async create() {
    return {
      type: "experiment_tracker" as const,
      flavor: "notebook",
      specVersion: 1 as const,
      async startStepRun(info) {
        const url = \`https://tracker.example/\${info.runName}/\${info.stepId}\`;
        return { id: info.stepId, url, async logParams() {}, async logMetrics() {}, async logArtifact() {}, async setTags() {}, async end() {} };
      },
      async getRunUrl() {
        return null;
      },
    };
  },
});
const train = step({ name: "train", experimentTracker: true }, async (_i, _p, ctx) => {
  await ctx.experimentTracker.logMetrics({ loss: 0.5 });
  return 1;
});
const stack = defineStack("tracked", {
  orchestrator: localOrchestrator.configure({}),
  artifactStore: localArtifactStore.configure({}),
  experimentTracker: notebook.configure({}),
});
await pipeline({ name: "tracked" }, () => void train()).run({ stack });
`;

interface RunJson {
  id: string;
  name: string;
  status: string;
  pipelineName: string;
  stackName: string;
  steps: { id: string; status: string; cache: string | null; durationMs: number; outputs: Record<string, { id: string; uri: string; dataType: string }> }[];
}

describe("runs, pipelines and artifacts", () => {
  let dir: string;
  let first: RunJson;
  let second: RunJson;

  beforeAll(async () => {
    dir = await project();
    await writeFile(join(dir, "run.ts"), PIPELINE);
    await writeFile(join(dir, "failing.ts"), FAILING);
    const one = expectCode(await koan(["run", "run.ts"], { cwd: dir }), 0);
    expect(one.stdout).toContain("script done: completed");
    expect(one.stdout).toMatch(/^Run demo-\S+ completed in .* on stack "default" \(0 of 3 steps from cache\)$/m);
    expect(one.stderr).toMatch(/koan run describe demo-\S+ +koan run logs demo-/);
    const two = expectCode(await koan(["run", "run.ts"], { cwd: dir }), 0);
    expect(two.stdout).toContain("(3 of 3 steps from cache)");
    const runs = await koanJson<{ name: string }[]>(["run", "list"], { cwd: dir });
    second = await koanJson<RunJson>(["run", "describe", runs[0]?.name as string], { cwd: dir });
    first = await koanJson<RunJson>(["run", "describe", runs[1]?.name as string], { cwd: dir });
  });

  it("runs a TypeScript runner script on the active stack, passing its arguments", async () => {
    expect(first.status).toBe("completed");
    expect(first.stackName).toBe("default");
    expect(first.steps.map((s) => [s.id, s.status, s.cache])).toEqual([
      ["load", "completed", "miss"],
      ["fit", "completed", "miss"],
      ["report", "completed", "miss"],
    ]);
    expect(second.steps.every((s) => s.status === "cached" && s.cache === "hit")).toBe(true);
    // Arguments after the file reach the script: a new scale runs fit and report again.
    const third = expectCode(await koan(["run", "run.ts", "5"], { cwd: dir }), 0);
    expect(third.stdout).toContain("(1 of 3 steps from cache)");
    // From a subfolder the repository is still found.
    await mkdir(join(dir, "sub"), { recursive: true });
    expectCode(await koan(["run", "../run.ts"], { cwd: join(dir, "sub") }), 0);
  });

  it("passes every word after the file to the script as it is; a `--` right after the file only separates", async () => {
    await writeFile(join(dir, "args.ts"), "console.log(JSON.stringify(process.argv.slice(2)));\n");
    const separated = expectCode(await koan(["run", "args.ts", "--", "--epochs", "3", "--help", "-v"], { cwd: dir }), 0);
    expect(separated.stdout.trim()).toBe('["--epochs","3","--help","-v"]');
    const direct = expectCode(await koan(["run", "args.ts", "--epochs", "3", "--", "rest", "--no-color"], { cwd: dir }), 0);
    expect(direct.stdout.trim()).toBe('["--epochs","3","--","rest","--no-color"]');
  });

  it("fails with the run's error, exit code 7 and where to look", async () => {
    const failed = expectCode(await koan(["run", "failing.ts"], { cwd: dir }), 7);
    expect(failed.stderr).toContain('Error: Pipeline "failing" run');
    expect(failed.stderr).toContain("the data is bad");
    expect(failed.stderr).toMatch(/See what happened: koan run describe \S+/);
    expect(failed.stdout).toMatch(/^Run failing-\S+ failed/m);
    const [run] = await koanJson<{ name: string; status: string }[]>(["run", "list", "--status", "failed"], { cwd: dir });
    expect(run?.status).toBe("failed");
    const described = expectCode(await koan(["run", "describe", run?.name as string], { cwd: dir }), 0);
    expect(described.stdout).toContain("boom failed:");
    expect(described.stderr).toContain(`koan run logs ${run?.name} --step boom`);
    const logs = expectCode(await koan(["run", "logs", run?.name as string, "--step", "boom"], { cwd: dir }), 0);
    expect(logs.stdout).toContain("about to fail");

    await writeFile(join(dir, "throws.ts"), "throw new TypeError('not a pipeline problem');\n");
    const thrown = expectCode(await koan(["run", "throws.ts"], { cwd: dir }), 7);
    expect(thrown.stderr).toContain("TypeError: not a pipeline problem");
    expect(thrown.stderr).toContain("throws.ts");
    const missing = expectCode(await koan(["run", "nope.ts"], { cwd: dir }), 3);
    expect(missing.stderr).toContain("No file nope.ts");
    const noRepo = expectCode(await koan(["run", join(dir, "run.ts")], { cwd: await project({ init: false }) }), 6);
    expect(noRepo.stderr).toContain("Run `koan init`");
  });

  it("lists and describes runs with steps, durations, cache hits, outputs and URIs", async () => {
    const list = expectCode(await koan(["run", "list", "--pipeline", "demo", "--limit", "2"], { cwd: dir }), 0);
    const lines = list.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^RUN +PIPELINE +STATUS +STACK +STARTED +DURATION$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^demo-\S+ +demo +completed +default +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+/);
    expect(expectCode(await koan(["run", "list", "--status", "running"], { cwd: dir }), 0).stderr).toContain("No runs match.");
    expect(expectCode(await koan(["run", "list", "--pipeline", "nope"], { cwd: dir }), 3).stderr).toContain('No pipeline "nope"');
    expect(expectCode(await koan(["run", "list", "--limit", "0"], { cwd: dir }), 2).stderr).toContain("--limit takes a whole number");

    const described = expectCode(await koan(["run", "describe", first.name], { cwd: dir }), 0);
    expect(described.stdout).toContain(`Run ${first.name} completed in`);
    expect(described.stdout).toMatch(/^STEP +STATUS +DURATION +CACHE +ATTEMPTS +OUTPUTS$/m);
    // Any duration: on a loaded machine the first step can take seconds.
    expect(described.stdout).toMatch(/^load +completed +(\d+ ms|[\d.]+ s) +miss +1 +test, train$/m);
    expect(described.stdout).toMatch(/^fit\.output +Array +\d+ B +\S+ +file:\/\/\S+$/m);
    expect(first.steps[1]?.outputs.output?.uri).toMatch(/^file:\/\/.*\.koan\/artifacts\//);
    const byId = expectCode(await koan(["run", "describe", first.id], { cwd: dir }), 0);
    expect(byId.stdout).toContain(first.name);
    const cached = expectCode(await koan(["run", "describe", second.name], { cwd: dir }), 0);
    expect(cached.stdout).toMatch(/^fit +cached +\S+ ms +hit/m);
    expect(cached.stdout).toContain("3 of 3 steps from cache");
    expect(expectCode(await koan(["run", "describe", "nope"], { cwd: dir }), 3).stderr).toContain('No run "nope". Run `koan run list`');
  });

  it("shows the experiment tracker URL of tracked steps", async () => {
    await writeFile(join(dir, "tracked.ts"), TRACKED);
    expectCode(await koan(["run", "tracked.ts"], { cwd: dir }), 0);
    const [run] = await koanJson<{ name: string }[]>(["run", "list", "--pipeline", "tracked"], { cwd: dir });
    const described = expectCode(await koan(["run", "describe", run?.name as string], { cwd: dir }), 0);
    expect(described.stdout).toMatch(/^Experiment tracker$/m);
    expect(described.stdout).toMatch(new RegExp(`^train +https://tracker\\.example/${run?.name}/train$`, "m"));
    const json = await koanJson<{ steps: { id: string; experimentTrackerUrl: string | null }[] }>(["run", "describe", run?.name as string], { cwd: dir });
    expect(json.steps[0]?.experimentTrackerUrl).toBe(`https://tracker.example/${run?.name}/train`);
    expect(first.steps.every((s) => (s as { experimentTrackerUrl?: unknown }).experimentTrackerUrl === null)).toBe(true);
    const untracked = expectCode(await koan(["run", "describe", first.name], { cwd: dir }), 0);
    expect(untracked.stdout).not.toContain("Experiment tracker");
  });

  it("prints the logs of every step, or of one", async () => {
    const all = expectCode(await koan(["run", "logs", first.name], { cwd: dir }), 0);
    expect(all.stdout).toMatch(/── load \(completed\) ──\n.*INFO +loading 6 rows/);
    expect(all.stdout).toMatch(/── fit \(completed\) ──\n.*INFO +fitting 4 rows with scale 3/);
    expect(all.stdout).toContain("── report (completed) ──\n(no output)");
    const one = expectCode(await koan(["run", "logs", first.name, "--step", "fit"], { cwd: dir }), 0);
    expect(one.stdout.trim().split("\n")).toHaveLength(1);
    expect(expectCode(await koan(["run", "logs", second.name], { cwd: dir }), 0).stdout).toContain("(served from the cache)");
    expect(expectCode(await koan(["run", "logs", first.name, "--step", "nope"], { cwd: dir }), 3).stderr).toContain('has no step "nope"; its steps are load, fit, report');
  });

  it("lists pipelines with their runs", async () => {
    const list = expectCode(await koan(["pipeline", "list"], { cwd: dir }), 0);
    expect(list.stdout).toMatch(/^PIPELINE +RUNS +LAST RUN +STATUS +STARTED$/m);
    expect(list.stdout).toMatch(/^demo +[3-9] +demo-\S+ +completed/m);
    const json = await koanJson<{ name: string; runs: number; lastRun: { status: string } }[]>(["pipeline", "list"], { cwd: dir });
    expect(json.find((p) => p.name === "demo")?.runs).toBeGreaterThanOrEqual(3);
  });

  it("lists, describes (metadata, lineage) and exports artifacts", async () => {
    const train = first.steps[0]?.outputs.train;
    const model = first.steps[1]?.outputs.output;
    const list = expectCode(await koan(["artifact", "list", "--run", first.name], { cwd: dir }), 0);
    expect(list.stdout).toMatch(/^ARTIFACT +OUTPUT +TYPE +SIZE +RUN +CREATED$/m);
    expect(list.stdout).toMatch(new RegExp(`^${model?.id} +fit\\.output +Array +\\d+ B +${first.name}`, "m"));
    expect((await koanJson<unknown[]>(["artifact", "list", "--run", first.name], { cwd: dir })).length).toBe(4);
    expect((await koanJson<unknown[]>(["artifact", "list", "--limit", "2"], { cwd: dir })).length).toBe(2);

    const described = expectCode(await koan(["artifact", "describe", train?.id as string], { cwd: dir }), 0);
    expect(described.stdout).toMatch(/output +load\.train/);
    expect(described.stdout).toMatch(/materializer +koan\.json/);
    expect(described.stdout).toMatch(/hash +blake3:[0-9a-f]{64}/);
    expect(described.stdout).toContain(`produced by  run ${first.name}, step load (completed)`);
    expect(described.stdout).toContain(`used by      run ${first.name}, step fit: read as input "data"`);
    expect(described.stdout).toContain(`step fit: reused from the cache as output "train"`.replace("fit", "load"));
    const json = await koanJson<{ producer: { step: string }; consumers: { step: string; direction: string }[] }>(["artifact", "describe", model?.id as string], { cwd: dir });
    expect(json.producer.step).toBe("fit");
    expect(json.consumers.map((c) => `${c.step}:${c.direction}`)).toContain("report:input");

    const file = join(dir, "model.json");
    const exported = expectCode(await koan(["artifact", "export", model?.id as string, file], { cwd: dir }), 0);
    expect(exported.stdout).toContain(`Exported artifact ${model?.id} (Array,`);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual([3, 6, 9, 12]);
    expect(expectCode(await koan(["artifact", "export", model?.id as string, file], { cwd: dir }), 5).stderr).toContain("Add --force to overwrite");
    expectCode(await koan(["artifact", "export", model?.id as string, file, "--force"], { cwd: dir }), 0);
    await mkdir(join(dir, "out"));
    expectCode(await koan(["artifact", "export", train?.id as string, join(dir, "out")], { cwd: dir }), 0);
    expect(existsSync(join(dir, "out", "data.json"))).toBe(true);
    expect(expectCode(await koan(["artifact", "describe", "nope"], { cwd: dir }), 3).stderr).toContain('No artifact "nope"');
    expect(expectCode(await koan(["artifact", "list", "--run", "nope"], { cwd: dir }), 3).stderr).toContain('No run "nope"');
  });
});
