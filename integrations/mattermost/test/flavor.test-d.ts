import type { Alerter } from "@koan/core/contracts";
import { expectTypeOf, test } from "vitest";
import { MattermostAlerter, mattermostAlerter } from "../src/index.js";
import type { MattermostAlerterConfig } from "../src/index.js";

test("the config takes the REST API's fields or a webhook URL", () => {
  mattermostAlerter.configure({ url: "https://chat.example.com", token: "t", channelId: "4xp9fdt77pncbef59f4k1qe83o" });
  mattermostAlerter.configure({ webhookUrl: "https://chat.example.com/hooks/x" });
  // @ts-expect-error pollIntervalMs is a number of milliseconds
  mattermostAlerter.configure({ webhookUrl: "https://chat.example.com/hooks/x", pollIntervalMs: "1s" });
  expectTypeOf<MattermostAlerterConfig["timeoutMs"]>().toEqualTypeOf<number>();
  expectTypeOf<MattermostAlerterConfig["webhookUrl"]>().toEqualTypeOf<string | undefined>();
});

test("the alerter is an Alerter and keeps no credential", () => {
  expectTypeOf<MattermostAlerter>().toExtend<Alerter>();
  expectTypeOf<MattermostAlerter["options"]>().not.toHaveProperty("token");
  expectTypeOf<MattermostAlerter["options"]>().not.toHaveProperty("webhookUrl");
});
