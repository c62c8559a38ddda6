import type { Alerter } from "@koan/core/contracts";
import { expectTypeOf, test } from "vitest";
import { DiscordAlerter, discordAlerter } from "../src/index.js";
import type { DiscordAlerterConfig } from "../src/index.js";

test("the config needs a token and a channel id; askBy is one of two ways", () => {
  discordAlerter.configure({ token: "{{discord.token}}", channelId: "1234567890123456789", askBy: "reactions" });
  // @ts-expect-error the channel id is missing
  discordAlerter.configure({ token: "{{discord.token}}" });
  // @ts-expect-error askBy is "replies" or "reactions"
  discordAlerter.configure({ token: "t", channelId: "1234567890123456789", askBy: "emoji" });
  expectTypeOf<DiscordAlerterConfig["askBy"]>().toEqualTypeOf<"replies" | "reactions">();
  expectTypeOf<DiscordAlerterConfig["pollIntervalMs"]>().toEqualTypeOf<number>();
});

test("the alerter is an Alerter and keeps no token", () => {
  expectTypeOf<DiscordAlerter>().toExtend<Alerter>();
  expectTypeOf<DiscordAlerter>().not.toHaveProperty("token");
  expectTypeOf<DiscordAlerter["options"]>().not.toHaveProperty("token");
});
