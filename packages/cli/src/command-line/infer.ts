/*
 * What an action receives, worked out from its command's spec at the type
 * level: `--limit <n>` with a default is `limit: string`, `--json` is
 * `json?: boolean`, `--remove <type...>` is `remove?: string[]`, `<names...>`
 * is `names: string[]`. The parser (parse.ts) follows the same rules at run
 * time.
 */
import type { ArgumentSpec, OptionSpec } from "./spec.js";

/** `dry-run` → `dryRun`, as the parser names option and argument keys. */
export type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** `-o, --orchestrator <name>` → `orchestrator`; `--json` → `json`. */
type LongName<Flags extends string> = Flags extends `${string}--${infer Rest}` ? (Rest extends `${infer Name} ${string}` ? Name : Rest) : never;

/** The key of an option: `--no-color` sets `color`. */
export type OptionKey<Flags extends string> = LongName<Flags> extends `no-${infer Positive}` ? CamelCase<Positive> : CamelCase<LongName<Flags>>;

/** `<value...>` is a list, `<value>` a string, no value a boolean. */
export type OptionValueOf<Flags extends string> = Flags extends `${string}...>` ? string[] : Flags extends `${string}<${string}>` ? string : boolean;

/** Always there: a default, a required option, or a negated flag (`--no-color` is `true` unless given). */
type AlwaysSet<Spec extends OptionSpec> = Spec extends { readonly default: string } | { readonly required: true }
  ? true
  : LongName<Spec["flags"]> extends `no-${string}`
    ? true
    : false;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type Literal<Spec extends OptionSpec> = Spec extends OptionSpec ? (string extends Spec["flags"] ? never : Spec) : never;

/** Options built from a non-literal flags string (`--${type} <name>`) can only be read by key. */
type ByKey<Options extends readonly OptionSpec[]> = string extends Options[number]["flags"] ? { readonly [key: string]: unknown } : {};

/** The options object of an action. */
export type OptionsOf<Options extends readonly OptionSpec[]> = Simplify<
  {
    readonly [Spec in Literal<Options[number]> as AlwaysSet<Spec> extends true ? OptionKey<Spec["flags"]> : never]: OptionValueOf<Spec["flags"]>;
  } & {
    readonly [Spec in Literal<Options[number]> as AlwaysSet<Spec> extends true ? never : OptionKey<Spec["flags"]>]?: OptionValueOf<Spec["flags"]>;
  } & ByKey<Options>
>;

/** `<new-name>` → `newName`; `[args...]` → `args`. */
type ArgumentKey<Name extends string> = Name extends `${"<" | "["}${infer Inner}${">" | "]"}` ? CamelCase<Inner extends `${infer Base}...` ? Base : Inner> : never;

type ArgumentValue<Name extends string> = Name extends `${string}...${">" | "]"}` ? string[] : Name extends `<${string}>` ? string : string | undefined;

/** The arguments object of an action: required and variadic arguments are always there, an optional one may be undefined. */
export type ArgumentsOf<Arguments extends readonly ArgumentSpec[]> = Simplify<{
  readonly [Spec in Arguments[number] as ArgumentKey<Spec["name"]>]: ArgumentValue<Spec["name"]>;
}>;
