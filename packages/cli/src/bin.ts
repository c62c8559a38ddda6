#!/usr/bin/env node
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveChunksDirectly } from "./chunk-resolution.js";
import { enableCompileCache } from "./compile-cache.js";

// Before anything else is loaded, so that all of the CLI's own code comes from the cache.
const chunksFolder = dirname(fileURLToPath(import.meta.url));
enableCompileCache(chunksFolder);
resolveChunksDirectly(chunksFolder);

// `koan run list | head`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// A dynamic import, which the build turns into a `require` that runs after the line above.
void import("./main.js").then(({ main }) => main(process.argv.slice(2)));
