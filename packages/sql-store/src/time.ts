/** Every stored timestamp is an ISO-8601 string in UTC, so text order is time order. */
export function isoNow(): string {
  return new Date().toISOString();
}
