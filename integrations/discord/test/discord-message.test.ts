import { describe, expect, it } from "vitest";
import { DISCORD_LIMITS, discordMessage, TRUNCATION_MARKER } from "../src/index.js";
import { statusColour } from "../src/alerter/status-colour.js";
import { truncate } from "../src/alerter/text-limits.js";

describe("truncate", () => {
  it("leaves text within the limit alone", () => {
    expect(truncate("short", 5)).toBe("short");
  });

  it("cuts between code points and ends with the marker", () => {
    const cut = truncate("😀".repeat(100), 50);
    expect([...cut]).toHaveLength(50);
    expect(cut.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(cut.slice(0, -TRUNCATION_MARKER.length)).toBe("😀".repeat(50 - [...TRUNCATION_MARKER].length));
  });
});

describe("discordMessage", () => {
  it("sends text without context as plain content, with mentions off", () => {
    expect(discordMessage("hello @everyone", undefined)).toEqual({ content: "hello @everyone", allowed_mentions: { parse: [] } });
    expect(discordMessage("hello", {})).toEqual({ content: "hello", allowed_mentions: { parse: [] } });
  });

  it("keeps a footnote whole while cutting the text before it", () => {
    const footnote = "Reply with **approve** or **reject**.";
    const body = discordMessage("x".repeat(5000), undefined, footnote);
    expect([...(body.content ?? "")]).toHaveLength(DISCORD_LIMITS.content);
    expect(body.content?.endsWith(`${TRUNCATION_MARKER}\n\n${footnote}`)).toBe(true);
    const embed = discordMessage("x".repeat(9000), { pipeline: "p" }, footnote).embeds?.[0];
    expect(embed?.description?.endsWith(footnote)).toBe(true);
    expect([...(embed?.description ?? "")].length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
  });

  it("colours failures, successes and running steps differently", () => {
    const colours = ["failed", "completed", "running", "waiting", "cached-ish unknown"].map(statusColour);
    expect(new Set(colours.slice(0, 4)).size).toBe(4);
    expect(statusColour("FAILED")).toBe(statusColour("failed"));
  });
});
