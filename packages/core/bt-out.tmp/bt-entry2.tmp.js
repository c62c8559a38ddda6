// bt-entry2.tmp.mjs
var t0 = performance.now();
var { openRepository, closeRepositories } = await import("./dist-HI7B7IQW.js");
var t1 = performance.now();
var repo = await openRepository({ root: process.argv[2], create: true });
var t2 = performance.now();
var stacks = await repo.store.listStacks();
var t3 = performance.now();
await closeRepositories();
console.log(`boot ${t0.toFixed(0)} import-core ${(t1 - t0).toFixed(0)} open ${(t2 - t1).toFixed(0)} list ${(t3 - t2).toFixed(0)} total ${performance.now().toFixed(0)}`);
