import type { Options } from "tsup";
export declare function koanTsup(options: { entry: string[] | Record<string, string>; banner?: string }): Options | Options[];
