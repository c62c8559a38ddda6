import type { PageQuery } from "@koan/contracts";
import { InvalidArgumentError } from "../errors.js";

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 1000;

/** The row count of a page: 50 unless asked, capped at 1000 so one call cannot load a whole table. */
export function pageLimit(query: PageQuery | undefined): number {
  const limit = query?.limit;
  if (limit === undefined) return DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidArgumentError(`A page limit must be a positive integer, got ${limit}`);
  }
  return Math.min(limit, MAX_PAGE_LIMIT);
}
