import { describe, expect, it } from "vitest";
import { closest, editDistance } from "../../src/command-line/suggest.js";

describe("did you mean", () => {
  it("counts insertions, deletions, substitutions and swapped neighbours as one edit each", () => {
    expect(editDistance("stak", "stack")).toBe(1);
    expect(editDistance("lsit", "list")).toBe(1);
    expect(editDistance("secert", "secret")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });

  it("suggests the closest word only when it is close enough to be a typo", () => {
    const commands = ["init", "stack", "secret", "run", "artifact", "artifact-store"];
    expect(closest("stak", commands)).toBe("stack");
    expect(closest("artifct", commands)).toBe("artifact");
    expect(closest("artifact-stor", commands)).toBe("artifact-store");
    expect(closest("deploy", commands)).toBeUndefined();
    expect(closest("x", commands)).toBeUndefined();
    expect(closest("--jsn", ["--json", "--limit"])).toBe("--json");
  });
});
