import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { closeRepositories } from "../../src/repository/repository.js";

const made: string[] = [];

/** A fresh project folder; repositories are closed and folders removed after the file's tests. */
export async function tempRepository(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "koan-test-"));
  made.push(dir);
  return dir;
}

afterAll(async () => {
  await closeRepositories();
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});
