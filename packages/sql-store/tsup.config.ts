import { koanTsup } from "@koan/build-config/tsup";
import type { Options } from "tsup";

/*
 * Kysely is bundled into dist/index.js: Node 20 resolves and reads each ES
 * module file on its own, and kysely is about 280 of them, which made opening
 * a repository (every `pipeline.run()` in a fresh process) load them one by
 * one; bundled, only the parts the store uses are one file. The declarations
 * still refer to the `kysely` package (a dependency), so a Kysely built by the
 * caller (PostgreSQL, say) type-checks against `createSqlMetadataStore`.
 */
const config: Options = { ...(koanTsup({ entry: ["src/index.ts", "src/sqlite.ts"] }) as Options), noExternal: ["kysely"] };

export default config;
