import { describe, expect, it } from "vitest";
import { STATUS_COLOURS, TRUNCATION_MARKER } from "@koan/core";
import { DISCORD_LIMITS, discordMessage } from "../src/index.js";

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

  it("colours the embed by the status", () => {
    const colour = (status: string) => discordMessage("x", { pipeline: "p", status }).embeds?.[0]?.color;
    expect(colour("failed")).toBe(STATUS_COLOURS.failed);
    expect(colour("completed")).toBe(STATUS_COLOURS.succeeded);
  });
});
