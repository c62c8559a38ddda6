import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, readRepositoryConfig, repositoryConfigProblem, writeRepositoryConfig } from "../src/repository/repository-config.js";

let koanDir: string;

beforeEach(async () => {
  koanDir = await mkdtemp(join(tmpdir(), "koan-config-"));
});
afterEach(async () => {
  await rm(koanDir, { recursive: true, force: true });
});

async function writeConfig(value: unknown): Promise<void> {
  await writeFile(join(koanDir, "config.json"), typeof value === "string" ? value : JSON.stringify(value));
}

describe("the repository config", () => {
  it("reads what it wrote", async () => {
    const config = { ...DEFAULT_CONFIG, activeStack: "prod" };
    await writeRepositoryConfig(koanDir, config);
    expect(await readRepositoryConfig(koanDir)).toEqual(config);
    expect(JSON.parse(await readFile(join(koanDir, "config.json"), "utf8"))).toEqual(config);
  });

  it("keeps only the keys it knows, so a newer file still opens", async () => {
    await writeConfig({ ...DEFAULT_CONFIG, addedLater: true });
    expect(await readRepositoryConfig(koanDir)).toEqual(DEFAULT_CONFIG);
  });

  it.each([
    [[], "(root): expected an object"],
    [null, "(root): expected an object"],
    [{ activeStack: "a", storeUrl: "sqlite:x" }, "version: expected 1, got nothing"],
    [{ version: 2, activeStack: "a", storeUrl: "sqlite:x" }, "version: expected 1, got 2"],
    [{ version: 1, storeUrl: "sqlite:x" }, "activeStack: expected a string, got nothing"],
    [{ version: 1, activeStack: 3, storeUrl: "sqlite:x" }, "activeStack: expected a string, got number"],
    [{ version: 1, activeStack: "", storeUrl: "sqlite:x" }, "activeStack: must not be empty"],
    [{ version: 1, activeStack: "a", storeUrl: "" }, "storeUrl: must not be empty"],
  ])("names the first problem of %j", async (value, problem) => {
    expect(repositoryConfigProblem(value)).toBe(problem);
    await writeConfig(value);
    await expect(readRepositoryConfig(koanDir)).rejects.toMatchObject({
      code: "BAD_REPOSITORY_CONFIG",
      message: expect.stringContaining(`config.json: ${problem}. Fix the file`),
    });
  });

  it("says when the file is not JSON or missing", async () => {
    await expect(readRepositoryConfig(koanDir)).rejects.toMatchObject({ code: "NO_REPOSITORY_CONFIG" });
    await writeConfig("{ not json");
    await expect(readRepositoryConfig(koanDir)).rejects.toMatchObject({ code: "BAD_REPOSITORY_CONFIG", message: expect.stringContaining("is not valid JSON") });
  });
});
