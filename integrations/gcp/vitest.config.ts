import { koanVitest } from "@koan/build-config/vitest";

export default koanVitest();
