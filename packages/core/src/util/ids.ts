import { randomBytes } from "node:crypto";

/** A short random suffix for human-readable names (run names), not an id. */
export function shortRandom(): string {
  return randomBytes(3).toString("hex");
}
