import type { ArgumentSpec, OptionSpec } from "./spec.js";

/** An option's flags string, read: `-o, --orchestrator <name>` has short `-o`, long `--orchestrator`, key `orchestrator`, a value. */
export interface OptionFlags {
  readonly spec: OptionSpec;
  readonly long: string;
  readonly short?: string;
  /** The key in the options object: `--dry-run` → `dryRun`, `--no-color` → `color`. */
  readonly key: string;
  readonly takes: "nothing" | "value" | "values";
  /** `--no-x`: sets `x` to false, and `x` is true when it is not given. */
  readonly negated: boolean;
}

export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const cache = new WeakMap<OptionSpec, OptionFlags>();

export function optionFlags(spec: OptionSpec): OptionFlags {
  const known = cache.get(spec);
  if (known) return known;
  const match = /^(?:(-\w), )?(--[\w-]+)(?: <([\w-]+)(\.\.\.)?>)?$/.exec(spec.flags);
  if (!match) throw new Error(`Option flags "${spec.flags}" are not "-x, --name <value>", "--name <value...>" or "--name"`);
  const [, short, long = "", value, variadic] = match;
  const negated = long.startsWith("--no-") && !value;
  const flags: OptionFlags = {
    spec,
    long,
    ...(short && { short }),
    key: camelCase(negated ? long.slice(5) : long.slice(2)),
    takes: !value ? "nothing" : variadic ? "values" : "value",
    negated,
  };
  cache.set(spec, flags);
  return flags;
}

/** An option word as typed: its name and the value written into it (`--limit=5` → `--limit` and `5`, `-x5` → `-x` and `5`). */
export function splitOptionWord(word: string): { readonly name: string; readonly inline: string | undefined } {
  if (word.startsWith("--")) {
    const eq = word.indexOf("=");
    return eq > 0 ? { name: word.slice(0, eq), inline: word.slice(eq + 1) } : { name: word, inline: undefined };
  }
  return { name: word.slice(0, 2), inline: word.length > 2 ? word.slice(2) : undefined };
}

/** An argument's spec, read: `<names...>` is required, variadic, with the key `names`. */
export interface ArgumentShape {
  readonly key: string;
  /** As errors name it: `name`, `new-name`. */
  readonly label: string;
  readonly required: boolean;
  readonly variadic: boolean;
}

export function argumentShape(spec: ArgumentSpec): ArgumentShape {
  const required = spec.name.startsWith("<");
  const inner = spec.name.slice(1, -1);
  const variadic = inner.endsWith("...");
  const label = variadic ? inner.slice(0, -3) : inner;
  return { key: camelCase(label), label, required, variadic };
}
