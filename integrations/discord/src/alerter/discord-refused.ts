import { AlerterRefusedError } from "@koan/core";

/** Why Discord did not do what was asked, as Discord said it. */
export interface DiscordRefusal {
  /** The HTTP status, e.g. 403. */
  readonly status: number;
  /** Discord's JSON error code, e.g. 50001 (Missing Access), 10003 (Unknown Channel); 0 when none. */
  readonly code: number;
  readonly message: string;
}

/** Discord answered a request with an error (code `ALERTER_REFUSED`); the message says what to do about it. */
export class DiscordRefused extends AlerterRefusedError {
  readonly status: number;
  readonly discordCode: number;
  constructor(refusal: DiscordRefusal) {
    super("discord", `${refusal.message} (code ${refusal.code}, HTTP ${refusal.status})`, advice(refusal.code));
    this.status = refusal.status;
    this.discordCode = refusal.code;
  }
}

function advice(code: number): string {
  switch (code) {
    case 10003:
      return "Check the channel id (turn on Developer Mode, right-click the channel, Copy Channel ID).";
    case 50001:
      return "Invite the bot to the server and let it View Channel, Send Messages and Read Message History there.";
    case 50013:
      return "Give the bot's role Send Messages, Embed Links, Add Reactions and Read Message History in that channel.";
    default:
      return "";
  }
}
