import { koanTsup } from "@koan/build-config/tsup";

export default koanTsup({ entry: ["src/index.ts", "src/flavors.ts"] });
