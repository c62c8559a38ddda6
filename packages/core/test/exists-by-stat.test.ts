import { ArtifactNotFoundError, ArtifactStoreError } from "@koan/contracts";
import { describe, expect, it } from "vitest";
import { existsByStat } from "../src/util/exists-by-stat.js";

describe("existsByStat", () => {
  it("is true when stat answers, false for a missing key or one the store could never hold", async () => {
    const asked: string[] = [];
    const stat = async (key: string) => {
      asked.push(key);
      if (key === "a/missing.txt") throw new ArtifactNotFoundError("test:store", key);
      return { key };
    };
    expect(await existsByStat("a/here.txt", stat)).toBe(true);
    expect(await existsByStat("a/missing.txt", stat)).toBe(false);
    expect(await existsByStat("../outside", stat)).toBe(false);
    expect(asked).toEqual(["a/here.txt", "a/missing.txt"]);
  });

  it("throws any other failure instead of calling the key absent", async () => {
    const failure = new ArtifactStoreError("test:store", "missing-bucket", "No bucket");
    await expect(existsByStat("a/b.txt", async () => Promise.reject(failure))).rejects.toBe(failure);
  });
});
