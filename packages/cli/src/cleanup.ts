/** Work to do before the process exits (closing the metadata store). Kept free of heavy imports. */
const cleanups: (() => Promise<void>)[] = [];

export function onCleanup(fn: () => Promise<void>): void {
  cleanups.push(fn);
}

export async function runCleanups(): Promise<void> {
  await Promise.allSettled(cleanups.splice(0).map((fn) => fn()));
}
