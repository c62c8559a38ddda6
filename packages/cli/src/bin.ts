#!/usr/bin/env node
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveChunksDirectly } from "./chunk-resolution.js";
import { enableCompileCache } from "./compile-cache.js";

// Before anything else is loaded, so that all of the CLI's own code comes from the cache.
const chunksFolder = dirname(fileURLToPath(import.meta.url));
enableCompileCache(chunksFolder);
resolveChunksDirectly(chunksFolder);

// A dynamic import, which the build turns into a `require` that runs after the lines above.
void import("./main.js").then(({ main }) => main(process.argv.slice(2)));
