import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { QueryTemplates } from "./templates.js";

/** What every area of the store shares. `newId` and `now` are injectable so tests can pin them. */
export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly newId: () => string;
  readonly now: () => string;
  /** Hot queries compiled once (see templates.ts). */
  readonly templates: QueryTemplates;
}
