/**
 * Component configs refer to secrets as `{{name.key}}`: a whole string value,
 * or part of one (`postgres://app:{{db.password}}@db/koan`). Names may hold
 * dots; keys may not, so the reference splits at the last dot. References
 * stay unresolved in the metadata store and are replaced only when the
 * component is created.
 */

export interface SecretReference {
  readonly secret: string;
  readonly key: string;
  /** Where in the config, e.g. `token`, `auth.password`, `hosts[1]`. */
  readonly path: string;
}

const REFERENCE = /\{\{\s*([A-Za-z0-9_.-]+)\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}/g;

/** Every reference in a config, in document order. */
export function findSecretReferences(config: unknown): SecretReference[] {
  const found: SecretReference[] = [];
  walk(config, "", (value, path) => {
    for (const match of value.matchAll(REFERENCE)) found.push({ secret: match[1] as string, key: match[2] as string, path });
    return value;
  });
  return found;
}

/** True when the text is or holds a secret reference. */
export function isSecretReference(value: unknown): boolean {
  return typeof value === "string" && new RegExp(REFERENCE.source).test(value);
}

/**
 * A copy of the config with every reference replaced by its value. Also
 * returns the values used, so errors raised with the resolved config can be
 * scrubbed of them.
 */
export async function resolveSecretReferences(
  config: unknown,
  lookup: (secret: string, key: string) => Promise<string>,
): Promise<{ config: unknown; values: string[] }> {
  const values = new Map<string, string>();
  for (const ref of findSecretReferences(config)) {
    const id = `${ref.secret}.${ref.key}`;
    if (!values.has(id)) values.set(id, await lookup(ref.secret, ref.key));
  }
  const resolved = walk(config, "", (text) => text.replace(REFERENCE, (_, secret: string, key: string) => values.get(`${secret}.${key}`) ?? ""));
  return { config: resolved, values: [...values.values()] };
}

/** Replaces every occurrence of the given values (4 characters or more) in a text by `****`. */
export function redactValues(text: string, values: Iterable<string>): string {
  let out = text;
  for (const value of [...values].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(value).join("****");
  }
  return out;
}

/** Scrubs secret values from an error's message, stack and causes, in place; returns it. */
export function redactError<T>(error: T, values: readonly string[]): T {
  if (values.length === 0) return error;
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    current.message = redactValues(current.message, values);
    if (current.stack) current.stack = redactValues(current.stack, values);
    const issues = (current as { issues?: unknown }).issues;
    if (Array.isArray(issues)) {
      Object.defineProperty(current, "issues", {
        value: issues.map((i: { path?: string; message?: string }) => ({ ...i, message: redactValues(String(i.message ?? ""), values) })),
      });
    }
    current = current.cause;
  }
  return error;
}

function walk(value: unknown, path: string, onString: (value: string, path: string) => string): unknown {
  if (typeof value === "string") return onString(value, path);
  if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}[${i}]`, onString));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, path ? `${path}.${k}` : k, onString)]));
  }
  return value;
}
