import { describe, expect, it } from "vitest";
import { deleteInBatches } from "../src/util/delete-in-batches.js";

async function* keysOf(count: number, listed: string[]): AsyncIterable<string> {
  for (let i = 0; i < count; i++) {
    listed.push(`k${i}`);
    yield `k${i}`;
  }
}

describe("deleteInBatches", () => {
  it("deletes every key, at most `concurrency` at a time, taking keys a batch at a time, and counts what was there", async () => {
    const listed: string[] = [];
    const deleted: string[] = [];
    let inFlight = 0;
    let most = 0;
    let mostListedAhead = 0;
    const count = await deleteInBatches(
      keysOf(37, listed),
      async (key) => {
        inFlight++;
        most = Math.max(most, inFlight);
        mostListedAhead = Math.max(mostListedAhead, listed.length - deleted.length);
        await new Promise((done) => setImmediate(done));
        deleted.push(key);
        inFlight--;
        return Number(key.slice(1)) % 3 !== 0; // every third key was already gone
      },
      5,
    );
    expect(deleted.sort()).toEqual(Array.from({ length: 37 }, (_, i) => `k${i}`).sort());
    expect(count).toBe(37 - 13);
    expect(most).toBe(5);
    expect(mostListedAhead).toBeLessThanOrEqual(5);
  });

  it("stops at the first failure and rethrows it", async () => {
    const listed: string[] = [];
    const failure = new Error("permission denied");
    await expect(deleteInBatches(keysOf(100, listed), async (key) => (key === "k3" ? Promise.reject(failure) : true), 4)).rejects.toBe(failure);
    expect(listed.length).toBe(4);
  });

  it("counts nothing for an empty listing", async () => {
    expect(await deleteInBatches(keysOf(0, []), async () => true)).toBe(0);
  });
});
