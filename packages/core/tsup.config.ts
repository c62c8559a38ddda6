import { koanTsup } from "@koan/build-config/tsup";
import type { Options } from "tsup";

/*
 * zod is bundled into dist/: Node 20 resolves and reads each ES module file
 * on its own, and importing zod loads about a hundred of them, a large share
 * of a short pipeline process's start-up. The declarations still import from
 * `zod` (a dependency), so step and flavor schemas written with the user's zod
 * type-check; at run time zod 4 recognises schemas across copies (its
 * `instanceof` checks traits, not one class identity).
 */
const config: Options = { ...(koanTsup({ entry: { index: "src/index.ts", contracts: "src/contracts.ts", repository: "src/repository/index.ts" } }) as Options), noExternal: ["zod"] };

export default config;
