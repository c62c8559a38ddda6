import { usageError } from "../cli-error.js";

/** Free-form `--key value` / `--key=value` options and the positional words among them. */
export interface KeyValueArgs {
  readonly positionals: string[];
  /** In the order given; a bare `--flag` has the value `true`. */
  readonly pairs: [string, string | true][];
}

/**
 * Splits the words a pass-through command left over (options it does not declare, such
 * as a flavor's config keys or a secret's keys). `--key value` takes the next
 * word unless it starts with `--`; `--key=value` is never ambiguous; words
 * after `--` are positional.
 */
export function parseKeyValues(tokens: readonly string[], options: { readonly sensitive?: boolean } = {}): KeyValueArgs {
  const positionals: string[] = [];
  const pairs: [string, string | true][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (token === "--") {
      positionals.push(...tokens.slice(i + 1));
      break;
    }
    if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      if (eq > 2) {
        pairs.push([token.slice(2, eq), token.slice(eq + 1)]);
        continue;
      }
      const key = token.slice(2);
      if (!key) throw usageError(`"--" alone is not an option`);
      const next = tokens[i + 1];
      if (next !== undefined && !next.startsWith("--")) {
        pairs.push([key, next]);
        i++;
      } else {
        pairs.push([key, true]);
      }
      continue;
    }
    if (token.startsWith("-") && token.length > 1) {
      throw usageError(`Unknown option ${options.sensitive ? "(a word starting with a single -)" : token}. Write options as --key=value.`);
    }
    positionals.push(token);
  }
  return { positionals, pairs };
}

/** The one positional a command needs, or a usage error naming it. */
export function onePositional(args: KeyValueArgs, what: string, usage: string, options: { readonly sensitive?: boolean } = {}): string {
  if (args.positionals.length === 0) throw usageError(`Missing ${what}. Usage: ${usage}`);
  if (args.positionals.length > 1) {
    // Around secrets a stray word may be a value (`password=abc` without --): never echo it.
    const words = options.sensitive ? `${args.positionals.length} words where one is expected` : args.positionals.map((p) => JSON.stringify(p)).join(", ");
    throw usageError(`Too many arguments: ${words}. Usage: ${usage}`);
  }
  return args.positionals[0] as string;
}
