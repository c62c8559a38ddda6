import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { reportError } from "./output/report-error.js";

/*
 * What `koan run FILE` starts in a child process, under tsx's loader: imports
 * the runner script as if Node had been given it, and turns a thrown error
 * into koan's message and exit code. The script uses its own @koan/core, so
 * `koan run` behaves exactly like running it with tsx.
 */
const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write("run-entry: no script given\n");
  process.exit(2);
}
process.argv = [process.argv[0] as string, file, ...args];
try {
  await import(pathToFileURL(file).href);
} catch (error) {
  const code = reportError(error, { userCode: true });
  const runId = (error as { runId?: unknown }).runId;
  if (typeof runId === "string") process.stderr.write(`See what happened: koan run describe ${runId}, koan run logs ${runId}\n`);
  const hint = moduleTypeHint(error, file);
  if (hint) process.stderr.write(`${hint}\n`);
  // Any error the script let escape fails the run script: exit code 7, unless it is a Koan error with its own code.
  process.exitCode = code === 1 ? 7 : code;
}

/** A script written as ESM in a folder whose package.json does not say so is loaded as CommonJS; say how to fix it. */
function moduleTypeHint(error: unknown, path: string): string | undefined {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : "";
  const esmTrouble =
    code === "ERR_REQUIRE_CYCLE_MODULE" || code === "ERR_REQUIRE_ASYNC_MODULE" || code === "ERR_REQUIRE_ESM" || /top-level await|Cannot use import statement/i.test(message);
  if (!esmTrouble || ![".ts", ".js", ".tsx", ".jsx"].includes(extname(path))) return undefined;
  const manifest = nearestPackageJson(dirname(path));
  const type = manifest ? (JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown }).type : undefined;
  if (type === "module") return undefined;
  return (
    `Hint: ${path} is loaded as CommonJS because ${manifest ? `${manifest} has no "type": "module"` : "no package.json says \"type\": \"module\""}. ` +
    `Add it (\`npm pkg set type=module\`), or name the script ${path.replace(/\.(t|j)sx?$/, ".m$1s")}.`
  );
}

function nearestPackageJson(folder: string): string | undefined {
  for (let current = folder; ; current = dirname(current)) {
    const candidate = join(current, "package.json");
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}
