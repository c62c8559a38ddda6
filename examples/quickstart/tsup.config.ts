import { koanTsup } from "@koan/build-config/tsup";

export default koanTsup({ entry: ["src/run.ts", "src/index.ts"] });
