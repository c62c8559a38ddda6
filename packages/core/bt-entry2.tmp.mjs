const t0 = performance.now();
const { openRepository, closeRepositories } = await import("@koan/core");
const t1 = performance.now();
const repo = await openRepository({ root: process.argv[2], create: true });
const t2 = performance.now();
const stacks = await repo.store.listStacks();
const t3 = performance.now();
await closeRepositories();
console.log(`boot ${t0.toFixed(0)} import-core ${(t1-t0).toFixed(0)} open ${(t2-t1).toFixed(0)} list ${(t3-t2).toFixed(0)} total ${performance.now().toFixed(0)}`);
