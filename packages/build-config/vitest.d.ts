import type { UserConfig } from "vitest/config";
export declare function koanVitest(options?: { include?: string[]; exclude?: string[]; testTimeout?: number }): UserConfig;
