import { extname } from "node:path";
import { pathToFileURL } from "node:url";
import { KoanError } from "@koan/contracts";

/** Imports a module by absolute path, turning Node's "cannot load .ts" into advice. */
export async function importModule(path: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_UNKNOWN_FILE_EXTENSION" && [".ts", ".mts", ".cts", ".tsx"].includes(extname(path))) {
      throw new KoanError(
        "FLAVOR_MODULE",
        `Cannot import ${path}: Node cannot load TypeScript by itself. Run the pipeline with \`koan run\` (which loads TypeScript), ` +
          "or register the compiled .js file instead.",
      );
    }
    if (code === "ERR_MODULE_NOT_FOUND" && (error as Error).message.includes(path)) {
      throw new KoanError("FLAVOR_MODULE", `The flavor module ${path} does not exist. Build the package, or fix the path.`);
    }
    throw new KoanError("FLAVOR_MODULE", `Importing the flavor module ${path} failed: ${(error as Error).message}`, { cause: error });
  }
}
