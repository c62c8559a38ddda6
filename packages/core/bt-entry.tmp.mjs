import { openRepository, closeRepositories } from "@koan/core";
const t0 = performance.now();
const repo = await openRepository({ root: process.argv[2], create: true });
const stacks = await repo.store.listStacks();
console.log(stacks.map(s => s.name).join(","), (performance.now()-t0).toFixed(1));
await closeRepositories();
