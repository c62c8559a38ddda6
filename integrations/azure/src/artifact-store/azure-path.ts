import { assertValidKey } from "@koan/core";

/** Where an Azure artifact store keeps its blobs: a container and a folder in it. */
export interface AzureLocation {
  readonly container: string;
  /** The folder in the container, `""` or ending with `/`; every key is stored under it. */
  readonly prefix: string;
}

/** Container names: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit. */
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;

/**
 * Reads `az://container` or `az://container/folder/in/it` (a trailing `/`
 * is optional). Returns the problem as a string instead of throwing, so the
 * config schema can report it on the `path` field.
 */
export function parseAzurePath(path: string): AzureLocation | string {
  const match = /^az:\/\/([^/]*)(?:\/(.*))?$/.exec(path);
  if (!match) return `"${path}" is not an az:// path; write az://CONTAINER or az://CONTAINER/FOLDER`;
  const container = match[1] ?? "";
  if (!CONTAINER_NAME.test(container)) {
    return `"${container}" is not a container name (3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit)`;
  }
  const folder = (match[2] ?? "").replace(/\/$/, "");
  if (folder === "") return { container, prefix: "" };
  try {
    assertValidKey(folder);
  } catch (error) {
    return `the folder "${folder}" of ${path} is not valid: ${(error as Error).message}`;
  }
  return { container, prefix: `${folder}/` };
}

/** `az://container/prefix` (no trailing slash), the form people write. */
export function formatAzureLocation(location: AzureLocation): string {
  return `az://${location.container}${location.prefix ? `/${location.prefix.slice(0, -1)}` : ""}`;
}
