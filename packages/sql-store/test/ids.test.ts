import { describe, expect, it } from "vitest";
import { createUuidV7Generator, uuidv7, uuidv7Timestamp } from "../src/ids.js";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** How many ids are not greater than the one before. */
function outOfOrder(ids: readonly string[]): number {
  let count = 0;
  for (let i = 1; i < ids.length; i++) if (ids[i]! <= ids[i - 1]!) count++;
  return count;
}

describe("uuidv7", () => {
  it("has the UUIDv7 layout: version 7, RFC variant, lowercase hex", () => {
    for (let i = 0; i < 1000; i++) expect(uuidv7()).toMatch(UUID_V7);
  });

  it("encodes the current time in the first 48 bits", () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(uuidv7Timestamp(id)).toBeGreaterThanOrEqual(before);
    expect(uuidv7Timestamp(id)).toBeLessThanOrEqual(after + 1);
  });

  it("is strictly increasing as text within a process, even inside one millisecond", () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    expect(outOfOrder(ids)).toBe(0);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("stays increasing with a frozen clock, borrowing the next millisecond past 4096 ids", () => {
    const next = createUuidV7Generator({ clock: () => 1_700_000_000_000 });
    const ids = Array.from({ length: 10_000 }, () => next());
    expect(outOfOrder(ids)).toBe(0);
    expect(uuidv7Timestamp(ids[0]!)).toBe(1_700_000_000_000);
    expect(uuidv7Timestamp(ids.at(-1)!)).toBeGreaterThan(1_700_000_000_000);
    expect(ids.filter((id) => !UUID_V7.test(id))).toEqual([]);
  });

  it("stays increasing when the clock steps back", () => {
    let now = 1_700_000_000_500;
    const next = createUuidV7Generator({ clock: () => now });
    const a = next();
    now -= 400;
    const b = next();
    expect(b > a).toBe(true);
    expect(uuidv7Timestamp(b)).toBe(1_700_000_000_500);
  });

  it("encodes timestamps beyond 32 bits exactly", () => {
    const ms = 0xfedc_ba98_7654;
    const next = createUuidV7Generator({ clock: () => ms, random: (n) => new Uint8Array(n) });
    const id = next();
    expect(id.startsWith("fedcba98-7654-7000-8000-")).toBe(true);
    expect(uuidv7Timestamp(id)).toBe(ms);
  });
});
