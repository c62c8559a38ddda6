import type { UserConfigFnObject } from "vitest/config";
export declare function koanVitest(options?: { include?: string[]; exclude?: string[]; testTimeout?: number }): UserConfigFnObject;
