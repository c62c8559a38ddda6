import { InvalidArtifactKeyError } from "@koan/contracts";

/**
 * Checks a store key: relative, `/`-separated, no empty, `.` or `..`
 * segments, no NUL; a trailing `/` only on prefixes. Every artifact store uses this, so a key means the same
 * thing on every store and can never reach outside a store's root.
 */
export function assertValidKey(key: string, options: { prefix?: boolean } = {}): void {
  if (key === "") {
    // The empty prefix means "everything"; an object always has a name.
    if (options.prefix) return;
    throw new InvalidArtifactKeyError(key, "it is empty");
  }
  if (!options.prefix && key.endsWith("/")) {
    throw new InvalidArtifactKeyError(key, "an object key cannot end with /; remove the trailing slash");
  }
  if (key.includes("\0")) throw new InvalidArtifactKeyError(key, "it contains a NUL character");
  if (key.includes("\\")) throw new InvalidArtifactKeyError(key, "use / as the separator, not \\");
  if (key.startsWith("/")) throw new InvalidArtifactKeyError(key, "keys are relative to the store's root; remove the leading /");
  const segments = key.split("/");
  // A trailing slash is allowed for prefixes; empty segments elsewhere are not.
  const inner = key.endsWith("/") ? segments.slice(0, -1) : segments;
  for (const segment of inner) {
    if (segment === "") throw new InvalidArtifactKeyError(key, "it has an empty path segment (//)");
    if (segment === "." || segment === "..") throw new InvalidArtifactKeyError(key, `"${segment}" segments could leave the store's root`);
  }
}
