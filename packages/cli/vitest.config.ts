import { koanVitest } from "@koan/build-config/vitest";
import { defineConfig, mergeConfig } from "vitest/config";

const preset = koanVitest({ testTimeout: 120_000 });

// The tests drive the built binary in child processes, so a test mostly waits:
// two files at a time, and the tests of a file concurrently where each has its
// own project folder (describe.concurrent), keep both cores busy.
export default defineConfig(async (env) => mergeConfig(await preset(env), { test: { maxWorkers: 2, maxConcurrency: 4 } }));
