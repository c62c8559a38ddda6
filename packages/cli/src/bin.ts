#!/usr/bin/env node
import module from "node:module";
import { main } from "./main.js";

// Node 22.1+ keeps compiled code between runs; on Node 20 this is absent and skipped.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// `koan run list | head`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

void main(process.argv.slice(2));
