import { koanTsup } from "@koan/build-config/tsup";

export default koanTsup({ entry: { index: "src/index.ts", contracts: "src/contracts.ts", repository: "src/repository/index.ts" } });
