import { AlerterRefusedError } from "@koan/core";

/** Mattermost's error answer: `{ id, message, status_code }`. */
export interface MattermostRefusal {
  readonly status: number;
  /** Mattermost's error id, e.g. `api.context.permissions.app_error`; empty when the body had none. */
  readonly errorId: string;
  readonly message: string;
}

/** Mattermost answered a request with an error (code `ALERTER_REFUSED`); the message says what to do about it. */
export class MattermostRefused extends AlerterRefusedError {
  readonly status: number;
  readonly errorId: string;
  constructor(refusal: MattermostRefusal) {
    const id = refusal.errorId ? ` (${refusal.errorId}, HTTP ${refusal.status})` : ` (HTTP ${refusal.status})`;
    super("mattermost", `${refusal.message}${id}`, advice(refusal));
    this.status = refusal.status;
    this.errorId = refusal.errorId;
  }
}

function advice(refusal: MattermostRefusal): string {
  if (refusal.status === 403) return "Add the bot (or the token's user) to the team and the channel, and check the channel id (channel menu, View Info).";
  if (refusal.errorId.includes("incoming_webhook")) return "Check the webhook (Integrations, Incoming Webhooks) and the channel it may post to.";
  if (refusal.status === 404) return "Check the channel id and the server URL.";
  return "";
}

/** The body of an error answer as a refusal, whatever shape it has. */
export function refusalOf(status: number, body: string): MattermostRefusal {
  try {
    const json = JSON.parse(body) as { id?: unknown; message?: unknown };
    if (typeof json.message === "string") return { status, errorId: typeof json.id === "string" ? json.id : "", message: json.message };
  } catch {
    // not JSON: a proxy's page, or the rate limiter's plain text
  }
  return { status, errorId: "", message: body.trim().slice(0, 200) || `HTTP ${status}` };
}
