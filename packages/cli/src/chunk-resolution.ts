import Module from "node:module";
import { join } from "node:path";
import { CONTENT_HASHED } from "./compile-cache.js";

type ResolveFilename = (request: string, parent: NodeModule | undefined, ...rest: unknown[]) => string;

/**
 * Resolves the CLI's chunks (`./chunk-ABCDEFGH.cjs`, required by a module in
 * the same folder) to their path directly, without Node's general module
 * resolution: that stats the file and walks its real path for each of the
 * fifteen or so chunks a command loads, about 0.15 ms apiece on the
 * development VM. The build writes every chunk a chunk requires next to it,
 * and `chunksFolder` is already a real path (Node resolves the binary's), so
 * the answer is the same. Any other request goes through Node as before.
 */
export function resolveChunksDirectly(chunksFolder: string): void {
  const modules = Module as unknown as { _resolveFilename: ResolveFilename };
  const resolve = modules._resolveFilename;
  modules._resolveFilename = function (request, parent, ...rest) {
    if (parent?.path === chunksFolder && request.startsWith("./") && !request.includes("/", 2) && CONTENT_HASHED.test(request)) {
      return join(chunksFolder, request);
    }
    return resolve.call(this, request, parent, ...rest);
  };
}
