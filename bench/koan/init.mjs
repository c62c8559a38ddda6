// Creates a Koan repository (`.koan/`) in the given folder, as `koan init` does.
//   node bench/koan/init.mjs FOLDER
import { closeRepositories, initRepository } from "@koan/core";

const root = process.argv[2];
if (!root) throw new Error("usage: node bench/koan/init.mjs FOLDER");
await initRepository(root, { create: true });
await closeRepositories();
